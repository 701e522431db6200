// Bridges a Hono request to the real `git http-backend` (CGI) and streams its answer back.
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import type { Context } from "hono";

export interface CgiOptions {
  gitBin: string;
  projectRoot: string;
  /** Path below projectRoot, e.g. /alice/hello-demo.git/info/refs — built by the api. */
  pathInfo: string;
  remoteUser: string;
  /** Extra environment for hooks. */
  env: Record<string, string>;
  /** Largest request body accepted (a push's pack). */
  maxBodyBytes: number;
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
  const encoding = req.headers.get("content-encoding");
  if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers.get("git-protocol");
  if (protocol) env.GIT_PROTOCOL = protocol;

  const child = spawn(opts.gitBin, ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.on("error", () => {});
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  if (req.body) {
    // Count as we go: chunked pushes carry no length to check up front.
    let received = 0;
    const body = Readable.fromWeb(req.body as never);
    body.on("data", (d: Buffer) => {
      received += d.length;
      if (received > opts.maxBodyBytes) {
        body.destroy();
        child.kill("SIGKILL");
      }
    });
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
