// Static files of the built web app as a browser should get them: compressed (brotli or gzip, as
// the request accepts; compressed once per file and kept in memory), with an ETag, and cached by
// name: files whose name carries a content hash (Vite's assets/<name>-<hash>.js) are immutable
// for a year; everything else (index.html above all) is revalidated on every load.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt", ".map"]);
/** Vite names built assets <name>-<hash>.<ext>, the hash 8 url-safe characters. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

interface Prepared {
  key: string;
  body: Buffer;
  etag: string;
  type: string;
  br?: Buffer;
  gzip?: Buffer;
}

const cache = new Map<string, Prepared>();

function prepare(file: string): Prepared {
  const st = fs.statSync(file);
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit;
  const body = fs.readFileSync(file);
  const ext = path.extname(file);
  const prepared: Prepared = {
    key,
    body,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    type: TYPES[ext] ?? "application/octet-stream",
  };
  if (COMPRESSIBLE.has(ext) && body.length > 1024) {
    prepared.br = zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    prepared.gzip = zlib.gzipSync(body, { level: 9 });
  }
  cache.set(file, prepared);
  return prepared;
}

/** Which of br, gzip the request accepts (q=0 refuses), brotli first. */
function pickEncoding(header: string | undefined): "br" | "gzip" | undefined {
  const accepted = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  return ok("br") ? "br" : ok("gzip") ? "gzip" : undefined;
}

/** Answers with `file`; `rel` is its path inside the dist folder (decides the cache policy). */
export function sendStatic(c: Context, file: string, rel: string): Response {
  const f = prepare(file);
  const headers: Record<string, string> = {
    "content-type": f.type,
    "cache-control": HASHED.test(rel.split(path.sep).join("/")) ? IMMUTABLE : REVALIDATE,
    etag: f.etag,
  };
  if (f.br) headers.vary = "accept-encoding";
  const match = c.req.header("if-none-match");
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === f.etag)) {
    return c.body(null, 304, headers);
  }
  const encoding = f.br ? pickEncoding(c.req.header("accept-encoding")) : undefined;
  const body = encoding === "br" ? f.br! : encoding === "gzip" ? f.gzip! : f.body;
  if (encoding) headers["content-encoding"] = encoding;
  return c.body(new Uint8Array(body), 200, headers);
}
