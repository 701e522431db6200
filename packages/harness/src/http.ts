// A small, strict HTTP/1.1 client side: request encoding and a response parser that explains
// malformed responses (missing \r\n, bad status line, body shorter than Content-Length).
import { registerFormatter } from "./format.ts";
import { type Parser, ProtocolError } from "./reader.ts";

export interface HttpRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  reason: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  bodyBytes: Buffer;
}

export function encodeRequest(req: HttpRequest, host: string): Buffer {
  const method = req.method ?? "GET";
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers: Record<string, string> = { Host: host, ...req.headers };
  const names = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  if (body && !names.has("content-length")) headers["Content-Length"] = String(body.length);
  const head = [`${method} ${req.path ?? "/"} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), body ?? Buffer.alloc(0)]);
}

const show = (b: Buffer) => JSON.stringify(b.toString("utf8"));

function parseChunked(buf: Buffer, at: number): { body: Buffer; next: number } | undefined {
  const parts: Buffer[] = [];
  let pos = at;
  for (;;) {
    const nl = buf.indexOf("\r\n", pos);
    if (nl < 0) return undefined;
    const sizeText = buf.subarray(pos, nl).toString("latin1").split(";")[0]?.trim() ?? "";
    if (!/^[0-9a-fA-F]+$/.test(sizeText))
      throw new ProtocolError(`invalid HTTP: chunk size ${JSON.stringify(sizeText)} is not hexadecimal`);
    const size = Number.parseInt(sizeText, 16);
    const start = nl + 2;
    if (size === 0) {
      const end = buf.indexOf("\r\n", start);
      if (end < 0) return undefined;
      // Skip trailers until the empty line.
      let p = start;
      for (;;) {
        const e = buf.indexOf("\r\n", p);
        if (e < 0) return undefined;
        if (e === p) return { body: Buffer.concat(parts), next: e + 2 };
        p = e + 2;
      }
    }
    if (buf.length < start + size + 2) return undefined;
    if (buf[start + size] !== 0x0d || buf[start + size + 1] !== 0x0a) {
      throw new ProtocolError(`invalid HTTP: chunk of ${size} bytes is not followed by \\r\\n`);
    }
    parts.push(buf.subarray(start, start + size));
    pos = start + size + 2;
  }
}

/** Parses one response; `method` HEAD responses have no body. */
export function httpResponseParser(method = "GET"): Parser<HttpResponse> {
  return (buf, ended) => {
    const headEnd = buf.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      const nl = buf.indexOf(0x0a);
      if (buf.indexOf("\n\n") >= 0 || (nl >= 0 && (nl === 0 || buf[nl - 1] !== 0x0d))) {
        throw new ProtocolError(
          `invalid HTTP: the response head ${show(buf.subarray(0, 120))} separates lines with \\n alone`,
          "HTTP/1.1 ends every header line with \\r\\n and the head with an empty line (\\r\\n\\r\\n)",
        );
      }
      if (ended && buf.length > 0)
        throw new ProtocolError(`invalid HTTP: the response ended inside its head: ${show(buf.subarray(0, 200))}`);
      return undefined;
    }
    const lines = buf.subarray(0, headEnd).toString("latin1").split("\r\n");
    const statusLine = lines[0] ?? "";
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) {
      throw new ProtocolError(
        `invalid HTTP: the status line ${JSON.stringify(statusLine)} is not like "HTTP/1.1 200 OK"`,
      );
    }
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const c = l.indexOf(":");
      if (c <= 0) throw new ProtocolError(`invalid HTTP: header line ${JSON.stringify(l)} has no "name: value"`);
      const k = l.slice(0, c).trim().toLowerCase();
      const v = l.slice(c + 1).trim();
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    }
    const status = Number(m[1]);
    const start = headEnd + 4;
    const done = (body: Buffer, next: number) => ({
      value: { status, reason: m[2] ?? "", headers, body: body.toString("utf8"), bodyBytes: body },
      used: next,
    });
    if (method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      return done(Buffer.alloc(0), start);
    }
    if ((headers["transfer-encoding"] ?? "").toLowerCase().includes("chunked")) {
      const got = parseChunked(buf, start);
      return got ? done(got.body, got.next) : undefined;
    }
    const cl = headers["content-length"];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl))
        throw new ProtocolError(`invalid HTTP: Content-Length ${JSON.stringify(cl)} is not a number`);
      const n = Number(cl);
      if (buf.length < start + n) {
        if (ended) {
          throw new ProtocolError(
            `invalid HTTP: Content-Length says ${n} bytes but the connection closed after ${buf.length - start}`,
            "Content-Length counts bytes of the body (UTF-8 characters can take several)",
          );
        }
        return undefined;
      }
      return done(buf.subarray(start, start + n), start + n);
    }
    // No length: the body runs until the server closes the connection.
    return ended ? done(buf.subarray(start), buf.length) : undefined;
  };
}

function isHttpResponse(v: unknown): v is HttpResponse {
  return typeof v === "object" && v !== null && "status" in v && "bodyBytes" in v && "headers" in v;
}

registerFormatter({
  test: isHttpResponse,
  describe: (v) => {
    const r = v as HttpResponse;
    const body = r.body.length > 120 ? `${r.body.slice(0, 120)}…` : r.body;
    return `HTTP ${r.status} ${r.reason} ${JSON.stringify(body)}`;
  },
});
