// The judgements the stages share: one request on its own connection, a response that must be
// a given file (status, framing, Content-Type, bytes), a status from a set — each failure worded
// for the mistake a server author usually makes.
import type { Connection, StageContext } from "@bsod/harness";
import { fail } from "@bsod/harness";
import { exchange, firstLine, mediaType, type ReadResponseOptions, type Response, summary } from "./http.ts";
import { connect, type SiteFile } from "./site.ts";

/** Sends one request on a new connection, logs it and its answer, and closes the connection. */
export async function fetchOnce(ctx: StageContext, req: Buffer, label?: string): Promise<Response> {
  const conn = await connect(ctx);
  try {
    return await send(ctx, conn, req, label);
  } finally {
    conn.close();
  }
}

/** Sends one request on `conn` and logs it with the response. */
export async function send(
  ctx: StageContext,
  conn: Connection,
  req: Buffer,
  label?: string,
  options: ReadResponseOptions = {},
): Promise<Response> {
  const line = label ?? firstLine(req).replace(/ HTTP\/1\.[01]$/, "");
  ctx.log.step(line);
  const res = await exchange(conn, req, options);
  ctx.log.info(`  ← ${summary(res)}`);
  return res;
}

/** The body must be delimited by Content-Length or chunked coding, not by closing the connection. */
export function expectFramed(res: Response, what: string): void {
  if (res.framing === "close")
    fail(
      `${what}: the response has no Content-Length (the body ran until the connection closed)`,
      "send Content-Length: <size of the body in bytes> with every response that has a body",
    );
}

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** The response must be `file`, whole: 200, framed, the right Content-Type, the exact bytes. */
export function expectFile(res: Response, file: SiteFile, what: string, status = 200): void {
  if (res.status !== status) {
    fail(
      `${what}: expected status ${status}, got ${res.status} ${res.reason}`,
      res.status === 404
        ? `the file exists: ${file.url} maps to <directory>${decodeURIComponent(file.url)} (decode %XX escapes, drop the ?query)`
        : undefined,
    );
  }
  expectFramed(res, what);
  const got = res.body;
  const want = file.body;
  if (!got.equals(want)) {
    if (res.framing === "length" && got.length < want.length && want.subarray(0, got.length).equals(got))
      fail(
        `${what}: Content-Length ${got.length} but the file has ${want.length} bytes: the body was cut short`,
        want.toString("utf8").length === got.length
          ? "you counted characters: Content-Length counts bytes, and a UTF-8 character like é or — takes several"
          : "Content-Length is the size of the body in bytes, exactly",
      );
    const at = firstDifference(got, want);
    const binary = want.includes(0) || want.includes(0x0d);
    const hint = binary
      ? "this file is binary (it holds \\r, \\n and NUL bytes): read and send it as bytes, never as text"
      : got.length !== want.length && got.toString("utf8").trim() === want.toString("utf8").trim()
        ? "send the file exactly as it is on disk: no added or removed newlines or spaces"
        : "send the file's bytes exactly as they are on disk";
    fail(
      `${what}: the body is not the file's content: ${got.length} bytes instead of ${want.length}, first difference at byte ${at}`,
      hint,
    );
  }
  const type = mediaType(res.headers["content-type"]);
  if (!file.types.includes(type)) {
    fail(
      `${what}: Content-Type ${res.headers["content-type"] === undefined ? "is missing" : JSON.stringify(res.headers["content-type"])}; a ${file.url.split(".").pop()} file is ${file.types.join(" or ")}`,
      "pick the type from the extension: .html text/html, .css text/css, .js text/javascript, .json application/json, .txt text/plain, .png image/png, .svg image/svg+xml, anything else application/octet-stream",
    );
  }
}

/** The status must be one of `allowed`. */
export function expectStatus(res: Response, allowed: number[], what: string, hint?: string): void {
  if (!allowed.includes(res.status)) {
    const want = allowed.length === 1 ? String(allowed[0]) : `one of ${allowed.join(", ")}`;
    fail(`${what}: expected status ${want}, got ${res.status} ${res.reason}`, hint);
  }
}
