// Every request body is bounded before any handler sees it: the limit the matched route declares
// (JSON_BODY_BYTES unless it says otherwise), enforced on the bytes as they arrive — a declared
// Content-Length over the limit is refused unread, and a chunked or mislabelled body is cut off
// at the limit instead of being read whole.
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { bodyLimitOf, policyOf, type RoutePolicy } from "./route-policy.ts";

function tooLarge(limit: number): ApiError {
  return new ApiError({ code: "payload_too_large", message: `request body: over ${limit} bytes, this route's limit` });
}

function routePolicy(c: Context<AppEnv>): RoutePolicy | undefined {
  for (const route of matchedRoutes(c)) {
    const p = policyOf(route.handler);
    if (p) return p;
  }
  return undefined;
}

/** Reads at most `limit` bytes of a body stream; throws 413 past them, whatever the headers said. */
export async function readBounded(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export function limitBodies(): MiddlewareHandler<AppEnv> {
  return async function limitRequestBody(c, next) {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const limit = bodyLimitOf(routePolicy(c), c.var.deps.config);
    if (limit === null) return next();
    const declared = raw.headers.get("content-length");
    if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
    const bytes = await readBounded(raw.body, limit);
    c.req.raw = new Request(raw, { body: bytes });
    await next();
  };
}
