// Which reverse proxies are trusted (TRUSTED_PROXIES: IPs and CIDRs), and the client address a
// request's X-Forwarded-For names once those proxies' own entries are skipped from the right.
import { BlockList, isIP } from "node:net";

/** "::ffff:10.0.0.1" is 10.0.0.1 (a v4 client of a dual-stack socket). */
function normalize(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return v4 ? v4[1]! : address;
}

/** Parses one TRUSTED_PROXIES entry ("10.0.0.1", "10.0.0.0/8", "fd00::/8"); undefined if invalid. */
export function parseProxyEntry(
  entry: string,
): { address: string; prefix: number | null; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText, ...rest] = entry.trim().split("/");
  const version = isIP(address);
  if (!version || rest.length) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, prefix: null, family };
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

const lists = new WeakMap<readonly string[], BlockList>();

function trustedList(entries: readonly string[]): BlockList {
  let list = lists.get(entries);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const p = parseProxyEntry(entry);
      if (!p) continue; // loadConfig refuses invalid entries
      if (p.prefix === null) list.addAddress(p.address, p.family);
      else list.addSubnet(p.address, p.prefix, p.family);
    }
    lists.set(entries, list);
  }
  return list;
}

/** Whether `address` is one of the trusted proxies. */
export function isTrustedProxy(entries: readonly string[], address: string): boolean {
  const a = normalize(address);
  const version = isIP(a);
  if (!version || entries.length === 0) return false;
  return trustedList(entries).check(a, version === 4 ? "ipv4" : "ipv6");
}

/** The client's address, given the socket's peer and the X-Forwarded-For header. */
export function resolveClientAddress(
  entries: readonly string[],
  peer: string,
  forwardedFor: string | undefined,
): string {
  let client = normalize(peer);
  if (!isTrustedProxy(entries, client) || !forwardedFor) return client;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!);
    if (!isIP(hop)) return client; // garbage in the header: trust nothing further left
    client = hop;
    if (!isTrustedProxy(entries, hop)) return hop;
  }
  return client;
}
