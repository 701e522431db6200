// Answers with a JSON body computed once and kept (a board page, a reveal): ETag and 304, and the
// body gzipped — once, then kept beside it — for every client that accepts gzip. A board page is
// fetched again by every spectator after each change, so its bytes are what the network carries.
import { gzipSync } from "node:zlib";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

export interface CachedJson {
  etag: string;
  body: string;
  /** Filled on the first request that accepts gzip. */
  gzip?: Buffer;
}

/** Small bodies are not worth a compression header. */
const MIN_GZIP_BYTES = 1024;

export function cachedJson(c: Context<AppEnv>, cached: CachedJson, visibility: "public" | "private"): Response {
  const headers: Record<string, string> = {
    etag: cached.etag,
    "cache-control": `${visibility}, no-cache`,
    vary: "accept-encoding",
  };
  if (c.req.header("if-none-match") === cached.etag) return c.body(null, 304, headers);
  headers["content-type"] = "application/json; charset=utf-8";
  if (cached.body.length >= MIN_GZIP_BYTES && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    cached.gzip ??= gzipSync(cached.body);
    return c.body(new Uint8Array(cached.gzip), 200, { ...headers, "content-encoding": "gzip" });
  }
  return c.body(cached.body, 200, headers);
}
