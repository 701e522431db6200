import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { resolveClientAddress } from "./forwarded.ts";

describe("the client address behind trusted proxies", () => {
  const proxies = ["10.0.0.0/8", "192.168.1.2", "fd00::/8"];

  it("is the socket's peer when no proxy is trusted, whatever the header says", () => {
    expect(resolveClientAddress([], "203.0.113.5", "198.51.100.1")).toBe("203.0.113.5");
  });

  it("is the peer when the peer is not a trusted proxy", () => {
    expect(resolveClientAddress(proxies, "203.0.113.5", "198.51.100.1")).toBe("203.0.113.5");
  });

  it("is the rightmost entry no trusted proxy added", () => {
    // client wrote 6.6.6.6 itself; the edge proxy appended the real peer; an inner proxy appended the edge
    expect(resolveClientAddress(proxies, "10.0.0.7", "6.6.6.6, 198.51.100.1, 10.1.2.3")).toBe("198.51.100.1");
    expect(resolveClientAddress(proxies, "::ffff:192.168.1.2", "198.51.100.9")).toBe("198.51.100.9");
    expect(resolveClientAddress(proxies, "fd12::1", "2001:db8::5")).toBe("2001:db8::5");
  });

  it("stops at garbage in the header", () => {
    expect(resolveClientAddress(proxies, "10.0.0.7", "198.51.100.1, not-an-ip")).toBe("10.0.0.7");
  });

  it("is refused at start when an entry is not an address or CIDR", () => {
    const env = { REDIS_URL: "redis://127.0.0.1:6379" };
    expect(loadConfig({ ...env, TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.2" }).trustedProxies).toEqual([
      "10.0.0.0/8",
      "192.168.1.2",
    ]);
    expect(() => loadConfig({ ...env, TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/invalid TRUSTED_PROXIES: must be/);
    expect(() => loadConfig({ ...env, TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES/);
  });
});
