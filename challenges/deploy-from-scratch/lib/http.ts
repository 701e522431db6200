// HTTP/1.1 on the wire for the deploy-from-scratch stage tests: requests written byte for byte
// (so pipelines, split writes and malformed input are exact), a strict response parser
// (RFC 9112 framing), and reads whose failures name the usual mistake ("Content-Length 120 but
// sent 118 bytes", a bare \n, no framing on a kept-alive connection).
import type { Connection, Parser } from "@bsod/harness";
import { fail, isStageFailure, ProtocolError } from "@bsod/harness";

export const PORT = 8080;
export const HOST = `127.0.0.1:${PORT}`;

export interface Response {
  version: string;
  status: number;
  reason: string;
  /** Header names in lower case; repeated fields joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** How the body was delimited. */
  framing: "length" | "chunked" | "close" | "none";
  /** The status line, for messages. */
  statusLine: string;
}

export type Headers = Record<string, string>;

/** The exact bytes of a request. Host is added unless given (use `Host: null` to leave it out). */
export function request(
  method: string,
  path: string,
  headers: Record<string, string | null> = {},
  body?: string | Buffer,
): Buffer {
  const all: Record<string, string | null> = { Host: HOST, ...headers };
  const b = body === undefined ? undefined : Buffer.from(body);
  const names = Object.keys(all).map((k) => k.toLowerCase());
  if (b && !names.includes("content-length") && !names.includes("transfer-encoding"))
    all["Content-Length"] = String(b.length);
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [k, v] of Object.entries(all)) if (v !== null) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), b ?? Buffer.alloc(0)]);
}

/** A body in chunked transfer coding, in the given pieces. */
export function chunked(pieces: Array<string | Buffer>, trailer = ""): Buffer {
  const parts: Buffer[] = [];
  for (const p of pieces) {
    const b = Buffer.from(p);
    parts.push(Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`));
  return Buffer.concat(parts);
}

/** How a request reads in the log: its first line. */
export function firstLine(req: Buffer): string {
  const nl = req.indexOf("\r\n");
  return req.subarray(0, nl < 0 ? Math.min(req.length, 80) : nl).toString("latin1");
}

/** Bytes as a participant writes them in code: "HTTP/1.1 200 OK\r\n…". */
export function shown(b: Buffer | string, max = 160): string {
  const s = Buffer.isBuffer(b) ? b.toString("latin1") : b;
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const show = (b: Buffer) => shown(b.subarray(0, 160));

function parseChunks(buf: Buffer, at: number): { body: Buffer; next: number } | undefined {
  const parts: Buffer[] = [];
  let pos = at;
  for (;;) {
    const nl = buf.indexOf("\r\n", pos);
    if (nl < 0) return undefined;
    const sizeText = buf.subarray(pos, nl).toString("latin1").split(";")[0]?.trim() ?? "";
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText))
      throw new ProtocolError(
        `invalid chunked body: chunk size ${JSON.stringify(sizeText)} is not a hexadecimal number`,
        "each chunk is <size in hex>\\r\\n<bytes>\\r\\n, and the body ends with 0\\r\\n\\r\\n",
      );
    const size = Number.parseInt(sizeText, 16);
    const start = nl + 2;
    if (size === 0) {
      let p = start;
      for (;;) {
        const e = buf.indexOf("\r\n", p);
        if (e < 0) return undefined;
        if (e === p) return { body: Buffer.concat(parts), next: e + 2 };
        p = e + 2;
      }
    }
    if (buf.length < start + size + 2) return undefined;
    if (buf[start + size] !== 0x0d || buf[start + size + 1] !== 0x0a)
      throw new ProtocolError(
        `invalid chunked body: the chunk of ${size} bytes (0x${sizeText}) is not followed by \\r\\n`,
        "the chunk size counts bytes, in hexadecimal",
      );
    parts.push(buf.subarray(start, start + size));
    pos = start + size + 2;
  }
}

interface Head {
  version: string;
  status: number;
  reason: string;
  statusLine: string;
  headers: Headers;
  bodyStart: number;
}

function parseHead(buf: Buffer, ended: boolean): Head | undefined {
  const end = buf.indexOf("\r\n\r\n");
  const lf = buf.indexOf(0x0a);
  if (lf >= 0 && (lf === 0 || buf[lf - 1] !== 0x0d) && (end < 0 || lf < end))
    throw new ProtocolError(
      `invalid HTTP: the response ${show(buf)} ends a line with \\n alone`,
      "HTTP/1.1 ends the status line and every header line with \\r\\n, and the head with an empty line (\\r\\n\\r\\n)",
    );
  if (end < 0) {
    if (ended && buf.length > 0)
      throw new ProtocolError(
        `the connection closed before the response head ended: ${show(buf)}`,
        "after the last header line comes an empty line (\\r\\n\\r\\n), then the body",
      );
    return undefined;
  }
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const statusLine = lines[0] ?? "";
  const m = /^HTTP\/(1\.[01]) ([1-5]\d\d)(?: (.*))?$/.exec(statusLine);
  if (!m)
    throw new ProtocolError(
      `invalid HTTP: the status line ${JSON.stringify(statusLine)} is not like "HTTP/1.1 200 OK"`,
      "the status line is the version, one space, a 3-digit code, one space, the reason phrase",
    );
  const headers: Headers = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(":");
    const name = c < 0 ? "" : l.slice(0, c);
    if (c <= 0 || !TOKEN.test(name))
      throw new ProtocolError(
        `invalid HTTP: the header line ${JSON.stringify(l)} is not "Name: value"`,
        /\s$/.test(name) ? "no space is allowed between a header's name and the colon" : undefined,
      );
    const k = name.toLowerCase();
    const v = l.slice(c + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return { version: m[1] as string, status: Number(m[2]), reason: m[3] ?? "", statusLine, headers, bodyStart: end + 4 };
}

function contentLength(h: Headers): number | undefined {
  const cl = h["content-length"];
  if (cl === undefined) return undefined;
  const values = new Set(cl.split(",").map((v) => v.trim()));
  const v = [...values][0] ?? "";
  if (values.size !== 1 || !/^\d+$/.test(v))
    throw new ProtocolError(`invalid HTTP: Content-Length ${JSON.stringify(cl)} is not one number of bytes`);
  return Number(v);
}

/** Parses one response to a `method` request (HEAD, 1xx, 204 and 304 responses have no body). */
export function responseParser(method: string): Parser<Response> {
  return (buf, ended) => {
    const head = parseHead(buf, ended);
    if (!head) return undefined;
    const { bodyStart: start, headers, status } = head;
    const done = (body: Buffer, next: number, framing: Response["framing"]) => ({
      value: {
        version: head.version,
        status,
        reason: head.reason,
        headers,
        body,
        framing,
        statusLine: head.statusLine,
      },
      used: next,
    });
    const te = headers["transfer-encoding"];
    const cl = contentLength(headers);
    if (te !== undefined && cl !== undefined)
      throw new ProtocolError(
        "invalid HTTP: the response has both Transfer-Encoding and Content-Length",
        "send one of them: Content-Length when you know the size, else Transfer-Encoding: chunked",
      );
    if (method === "HEAD" || status === 204 || status === 304 || status < 200)
      return done(Buffer.alloc(0), start, "none");
    if (te !== undefined) {
      if (!/(^|,)\s*chunked\s*$/i.test(te))
        throw new ProtocolError(`invalid HTTP: Transfer-Encoding ${JSON.stringify(te)} does not end with chunked`);
      const got = parseChunks(buf, start);
      return got ? done(got.body, got.next, "chunked") : undefined;
    }
    if (cl !== undefined) {
      if (buf.length < start + cl) {
        if (ended)
          throw new ProtocolError(
            `Content-Length ${cl} but sent ${buf.length - start} bytes, then closed the connection`,
            "Content-Length counts the bytes of the body as sent (UTF-8 characters can take several), not characters",
          );
        return undefined;
      }
      return done(buf.subarray(start, start + cl), start + cl, "length");
    }
    return ended ? done(buf.subarray(start), buf.length, "close") : undefined;
  };
}

/** Why a response that stopped arriving is incomplete, if its bytes say so. */
function diagnoseStalled(
  buf: Buffer,
  method: string,
  waitedMs: number,
): { message: string; hint?: string } | undefined {
  let head: Head | undefined;
  try {
    head = parseHead(buf, false);
  } catch {
    return undefined;
  }
  const waited = `then nothing for ${waitedMs / 1000} s`;
  if (!head) {
    if (buf.length === 0) return undefined;
    return {
      message: `the response head never ended (${show(buf)}, ${waited})`,
      hint: "after the last header line send an empty line: the head ends with \\r\\n\\r\\n",
    };
  }
  const cl = head.headers["content-length"];
  const got = buf.length - head.bodyStart;
  if (cl !== undefined && /^\d+$/.test(cl)) {
    return {
      message: `Content-Length ${cl} but sent ${got} bytes (${waited})`,
      hint: "Content-Length counts the bytes of the body as sent (UTF-8 characters can take several), not characters",
    };
  }
  if (head.headers["transfer-encoding"] !== undefined) {
    return {
      message: `the chunked body never ended (${got} bytes of it, ${waited})`,
      hint: "a chunked body ends with the last chunk: 0\\r\\n\\r\\n",
    };
  }
  if (method !== "HEAD")
    return {
      message: `the response has neither Content-Length nor Transfer-Encoding: chunked, and the connection stayed open (${got} bytes of body, ${waited})`,
      hint: "the client cannot tell where the body ends: send Content-Length (the body's size in bytes)",
    };
  return undefined;
}

export interface ReadResponseOptions {
  timeoutMs?: number;
  /** The hint when the server closes the connection instead of answering. */
  closedHint?: string;
}

/** Reads one response to `what` (e.g. "GET /style.css"), naming the framing mistake if it stalls. */
export async function readResponse(
  conn: Connection,
  method: string,
  what: string,
  options: ReadResponseOptions = {},
): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  try {
    return await conn.read(responseParser(method), { timeoutMs, waitingFor: `the response to ${what}` });
  } catch (e) {
    if (isStageFailure(e) && e.verdict === "timeout" && e.message.startsWith("your program did not send")) {
      const d = diagnoseStalled(conn.takeReceived(), method, timeoutMs);
      if (d) fail(`${what}: ${d.message}`, d.hint);
    }
    if (isStageFailure(e) && options.closedHint && e.message.includes("closed the connection"))
      fail(e.message, options.closedHint);
    throw e;
  }
}

/** Sends raw request bytes and reads the response. */
export async function exchange(conn: Connection, req: Buffer, options: ReadResponseOptions = {}): Promise<Response> {
  await conn.write(req);
  const line = firstLine(req);
  return readResponse(conn, line.split(" ")[0] ?? "GET", line.replace(/ HTTP\/1\.[01]$/, ""), options);
}

/** Waits `ms` for bytes that should not come (a body after HEAD, bytes past Content-Length). */
export async function extraBytes(conn: Connection, ms: number): Promise<Buffer> {
  try {
    return await conn.read((buf) => (buf.length > 0 ? { value: Buffer.from(buf), used: buf.length } : undefined), {
      timeoutMs: ms,
      waitingFor: "more bytes",
    });
  } catch (e) {
    if (isStageFailure(e) && e.verdict === "timeout" && e.message.startsWith("your program did not send"))
      return Buffer.alloc(0);
    if (isStageFailure(e) && e.message.includes("closed the connection")) return Buffer.alloc(0);
    throw e;
  }
}

/** True when the server closes the connection within `ms` (bytes that arrive first are returned). */
export async function closes(conn: Connection, ms: number): Promise<{ closed: boolean; extra: Buffer }> {
  try {
    const extra = await conn.read((buf, ended) => (ended ? { value: Buffer.from(buf), used: buf.length } : undefined), {
      timeoutMs: ms,
      waitingFor: "the connection to close",
    });
    return { closed: true, extra };
  } catch (e) {
    if (isStageFailure(e) && e.verdict === "timeout" && e.message.startsWith("your program did not send"))
      return { closed: false, extra: conn.takeReceived() };
    throw e;
  }
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** How a response reads in the log: `200 OK, text/css, 412 bytes`. */
export function summary(res: Response): string {
  const type = res.headers["content-type"];
  return `${res.status} ${res.reason}${type ? `, ${type}` : ""}, ${res.body.length} bytes`;
}
