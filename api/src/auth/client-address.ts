// The address a request came from: the socket's peer, unless that peer is one of the reverse
// proxies named in TRUSTED_PROXIES; then X-Forwarded-For is read from the right, skipping the
// entries our own proxies added, and the first address no trusted proxy vouches for is the client.
// Entries further left are whatever the client wrote, so they are never believed.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { resolveClientAddress } from "./forwarded.ts";

export function clientAddress(c: Context<AppEnv>): string {
  let peer = "unknown";
  try {
    peer = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // not served by the Node server (an in-process request)
  }
  return resolveClientAddress(c.var.deps.config.trustedProxies, peer, c.req.header("x-forwarded-for"));
}
