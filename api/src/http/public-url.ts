// The base URL people reach this server at, for the links it hands out (clone URLs, run and
// stage links in a push): PUBLIC_URL when set; otherwise what the request itself was sent to
// (its Host header), so a jam on a LAN gives every participant an address that works for them.
// X-Forwarded-Host and X-Forwarded-Proto are believed only from a proxy named in TRUSTED_PROXIES.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { isTrustedProxy } from "../auth/forwarded.ts";

// A host name, IPv4 or [IPv6] literal, with an optional port; nothing that could end a URL early.
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function peerOf(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "";
  } catch {
    return ""; // an in-process request (app.request())
  }
}

/** The request's own base URL (scheme and host), or undefined when its Host is unusable. */
export function requestBase(c: Context<AppEnv>): string | undefined {
  const trusted = isTrustedProxy(c.var.deps.config.trustedProxies, peerOf(c));
  const first = (v: string | undefined) => v?.split(",")[0]?.trim() || undefined;
  const host = (trusted && first(c.req.header("x-forwarded-host"))) || c.req.header("host");
  const forwardedProto = trusted ? first(c.req.header("x-forwarded-proto"))?.toLowerCase() : undefined;
  const proto =
    forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : new URL(c.req.url).protocol.slice(0, -1);
  if (!host || !HOST.test(host)) return undefined;
  return `${proto}://${host.toLowerCase()}`;
}

/** PUBLIC_URL, else the request's base, else the address the server listens on. */
export function publicBase(c: Context<AppEnv>): string {
  const { config, publicUrl } = c.var.deps;
  return config.publicUrl ?? requestBase(c) ?? publicUrl();
}
