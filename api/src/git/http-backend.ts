// Bridges a Hono request to the real `git http-backend` (CGI) and streams its answer back.
// Limits git enforces itself (pack size, streamed big blobs, object checks) are passed to every
// git process under it; the body is counted as it streams (inflated, when the client gzips it),
// and the whole request is ended after a deadline.
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import type { Context } from "hono";

export interface CgiOptions {
  gitBin: string;
  projectRoot: string;
  /** Path below projectRoot, e.g. /alice/hello-demo.git/info/refs — built by the api. */
  pathInfo: string;
  remoteUser: string;
  /** Extra environment for hooks. */
  env: Record<string, string>;
  /** Largest request body accepted (a push's pack), counted after inflating. */
  maxBodyBytes: number;
  /** The request (and the git processes under it) is ended after this long. */
  timeoutMs: number;
  /** More git settings for this request (beside the limits every request gets). */
  gitConfig?: Record<string, string>;
  /** Called once git http-backend has exited, whatever the outcome. */
  onExit?: () => void;
}

/** Bodies past the limit are still read (and thrown away) up to this much more, so git's own
 *  refusal reaches the client instead of a broken connection. */
const DRAIN_SLACK_BYTES = 1024 * 1024;

/** git settings for every git process that serves a request, passed through the environment. */
export function gitLimits(maxBodyBytes: number, extra: Record<string, string> = {}): Record<string, string> {
  const settings: Array<[string, string]> = [
    // index-pack stops reading a pack past this size, with git's own message.
    ["receive.maxInputSize", String(maxBodyBytes)],
    // Blobs past this size are streamed, never held whole in memory.
    ["core.bigFileThreshold", "1m"],
    // Every pushed object is checked (malformed trees, bad paths like .git or ../).
    ["transfer.fsckObjects", "true"],
    ["receive.fsckObjects", "true"],
    // Always index-pack (it streams big blobs); the api repacks after each push.
    ["transfer.unpackLimit", "1"],
    ["receive.autogc", "false"],
    // The commits bsod graded are kept under refs/bsod/ (so a repack never drops what a rejudge
    // needs): not shown to clients, and not theirs to move.
    ["transfer.hideRefs", "refs/bsod/"],
    ["pack.windowMemory", "64m"],
    ["pack.threads", "1"],
    ...Object.entries(extra),
  ];
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(settings.length) };
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

export async function gitHttpBackend(c: Context, opts: CgiOptions): Promise<Response> {
  const req = c.req.raw;
  const url = new URL(req.url);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GIT_PROJECT_ROOT: opts.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GIT_CONFIG_NOSYSTEM: "1",
    HOME: "/nonexistent",
    REQUEST_METHOD: req.method,
    PATH_INFO: opts.pathInfo,
    QUERY_STRING: url.search.replace(/^\?/, ""),
    REMOTE_USER: opts.remoteUser,
    REMOTE_ADDR: "127.0.0.1",
    ...gitLimits(opts.maxBodyBytes, opts.gitConfig),
    ...opts.env,
  };
  const contentType = req.headers.get("content-type");
  if (contentType) env.CONTENT_TYPE = contentType;
  const contentLength = req.headers.get("content-length");
  if (contentLength) {
    if (Number(contentLength) > opts.maxBodyBytes) {
      return new Response(`push of ${contentLength} bytes is over the ${opts.maxBodyBytes}-byte limit\n`, {
        status: 413,
      });
    }
    env.CONTENT_LENGTH = contentLength;
  }
  const encoding = req.headers.get("content-encoding")?.trim().toLowerCase();
  const gzipped = encoding === "gzip" || encoding === "x-gzip";
  if (encoding && encoding !== "identity" && !gzipped) {
    return new Response(`content-encoding ${encoding} is not supported; send gzip or none\n`, { status: 415 });
  }
  // A gzipped body is inflated here and counted inflated; git gets it plain (and a length only
  // when the client's length was of the plain body).
  if (gzipped) delete env.CONTENT_LENGTH;
  const protocol = req.headers.get("git-protocol");
  if (protocol) env.GIT_PROTOCOL = protocol;

  const child = spawn(opts.gitBin, ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
  child.once("close", () => {
    clearTimeout(timer);
    opts.onExit?.();
  });
  child.stdin.on("error", () => {});
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  if (req.body) {
    // Count as we go: chunked pushes carry no length to check up front, and a gzipped body's
    // length says nothing about what it inflates to.
    let received = 0;
    let draining = false;
    const raw = Readable.fromWeb(req.body as never);
    const body = gzipped ? raw.pipe(zlib.createGunzip()) : raw;
    const abort = () => {
      raw.destroy();
      body.destroy();
      child.kill("SIGKILL");
    };
    // git stopped reading (its own limit, or an error it reports): read on and drop what the
    // client still sends, so the client gets to read git's answer. Not for gzip: inflating
    // only to drop it is work for nothing.
    const drain = () => {
      if (draining || body.readableEnded) return;
      draining = true;
      body.unpipe(child.stdin);
      if (!child.stdin.writableEnded) child.stdin.end();
      if (gzipped) abort();
      else body.resume();
    };
    body.on("data", (d: Buffer) => {
      received += d.length;
      if (received > 2 * opts.maxBodyBytes + DRAIN_SLACK_BYTES) abort();
      else if (received > opts.maxBodyBytes + DRAIN_SLACK_BYTES) drain();
    });
    child.stdin.once("close", drain);
    raw.on("error", () => child.kill("SIGKILL"));
    body.on("error", () => child.kill("SIGKILL"));
    body.pipe(child.stdin);
  } else child.stdin.end();

  // Read the CGI header block, then stream the rest as the body.
  const stdout = child.stdout;
  const headerBuf: Buffer[] = [];
  let headerLen = 0;
  const { head, rest } = await new Promise<{ head: string; rest: Buffer }>((resolve, reject) => {
    const onData = (d: Buffer) => {
      headerBuf.push(d);
      headerLen += d.length;
      const all = Buffer.concat(headerBuf);
      let end = all.indexOf("\r\n\r\n");
      let sep = 4;
      if (end < 0) {
        end = all.indexOf("\n\n");
        sep = 2;
      }
      if (end >= 0) {
        stdout.off("data", onData);
        stdout.pause();
        resolve({ head: all.subarray(0, end).toString("latin1"), rest: all.subarray(end + sep) });
      } else if (headerLen > 64 * 1024) reject(new Error("git http-backend sent an oversized header"));
    };
    stdout.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      if (headerLen === 0) reject(new Error(`git http-backend exited (${code}) without a response: ${stderr.trim()}`));
    });
  });

  let status = 200;
  const headers = new Headers();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
    else headers.append(name, value);
  }
  // A client that goes away cancels the stream while git may still write: once cancelled, output
  // is dropped (enqueueing into a closed stream throws, and in an event handler that ends the process).
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (rest.length) controller.enqueue(new Uint8Array(rest));
      stdout.on("data", (d: Buffer) => {
        if (open) controller.enqueue(new Uint8Array(d));
      });
      stdout.on("end", () => {
        if (open) controller.close();
        open = false;
      });
      stdout.on("error", (e) => {
        if (open) controller.error(e);
        open = false;
      });
      stdout.resume();
    },
    cancel() {
      open = false;
      child.kill("SIGKILL");
    },
  });
  return new Response(body, { status, headers });
}
