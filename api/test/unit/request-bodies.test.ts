// Request bodies are bounded on every route and counted as they arrive (a chunked or mislabelled
// body is cut off at the limit, not read whole); malformed JSON and bad URLs are 400s that say
// what is wrong, never 500s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_BODY_BYTES } from "../../src/http/route-policy.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi({ env: { MAX_SOURCE_BYTES: "100000" } });
});
afterAll(async () => api?.stop());

/** A body of `total` bytes made on demand; `pulled()` says how many the server asked for. */
function endless(total: number) {
  let sent = 0;
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (sent >= total) return ctl.close();
      sent += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.requestId).toBeTruthy();
  return body.error;
}

describe("request bodies", () => {
  it("refuses a login body over 64 KiB by its Content-Length, unread", async () => {
    const res = await api.fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) },
      body: "{}",
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toBe(`request body: over ${JSON_BODY_BYTES} bytes, this route's limit`);
  });

  it("stops reading a chunked login body at the limit", async () => {
    const body = endless(200 * 1024 * 1024);
    const res = await api.fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
    expect(body.pulled()).toBeLessThan(JSON_BODY_BYTES + 64 * 1024);
  });

  it("counts a test-run upload's bytes whatever its Content-Length claims", async () => {
    const body = endless(50 * 1024 * 1024);
    const res = await api.fetch("/api/v1/jams/hello-demo/test-runs", {
      method: "POST",
      headers: { "content-type": "application/gzip", "content-length": "1000" },
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toBe("request body: over 100000 bytes, this route's limit");
    expect(body.pulled()).toBeLessThan(100_000 + 64 * 1024);
  });

  it("answers malformed JSON with 400 naming the problem", async () => {
    for (const route of ["/api/v1/auth/login", "/api/v1/auth/signup"]) {
      const res = await api.fetch(route, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"username": "alice", "password": ',
      });
      expect(res.status, route).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("bad_request");
      expect(error.message).toMatch(/^body: not valid JSON/);
    }
  });

  it("answers a URL that is not valid percent-encoding with 400", async () => {
    for (const route of ["/%E0%A4%A", "/jams/%E0%A4%A"]) {
      const res = await api.fetch(route);
      expect(res.status, route).toBe(400);
      expect((await errorOf(res)).message).toMatch(/not valid percent-encoding/);
    }
  });
});
