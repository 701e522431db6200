// Password guessing and scripted sign-ups are slowed per address, without locking a room of
// people behind one address out: real HTTP from two loopback addresses (127.0.0.1, 127.0.0.2).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_FAILURES } from "../../src/auth/throttle.ts";
import { type Stack, signUp, startStack } from "../stack.ts";

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { error?: { code: string; message: string } };
}

/** POSTs JSON from a chosen local address (any of 127.0.0.0/8 is loopback on Linux). */
function post(stack: Stack, route: string, body: unknown, from = "127.0.0.1", headers = {}): Promise<Answer> {
  const url = new URL(`${stack.url}/api/v1${route}`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"] as string | undefined,
            body: text ? JSON.parse(text) : {},
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const login = (stack: Stack, username: string, password: string, from?: string, headers?: Record<string, string>) =>
  post(stack, "/auth/login", { username, password }, from, headers);

describe("failed logins", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
    for (const name of ["alice", "bob", "carol", "dora"]) await signUp(stack, name);
  });
  afterAll(async () => stack?.stop());

  it("refuses an account on an address after ten wrong passwords, and says for how long", async () => {
    for (let i = 0; i < ACCOUNT_FAILURES; i++) {
      expect((await login(stack, "alice", "guess")).status).toBe(401);
    }
    const refused = await login(stack, "alice", "correct horse battery");
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual(
      expect.objectContaining({
        code: "too_many_requests",
        message: "too many failed logins for alice from your address; try again in 15 minutes",
      }),
    );
    expect(Number(refused.retryAfter)).toBeGreaterThan(800);
    // the owner elsewhere, and everyone else on this address, are not locked out
    expect((await login(stack, "alice", "correct horse battery", "127.0.0.2")).status).toBe(200);
    expect((await login(stack, "bob", "correct horse battery")).status).toBe(200);
  });

  it("forgets failures once the right password is given", async () => {
    for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) expect((await login(stack, "carol", "typo")).status).toBe(401);
    expect((await login(stack, "carol", "correct horse battery")).status).toBe(200);
    for (let i = 0; i < ACCOUNT_FAILURES - 1; i++) expect((await login(stack, "carol", "typo")).status).toBe(401);
    expect((await login(stack, "carol", "correct horse battery")).status).toBe(200);
  });

  it("counts a parallel burst of guesses before checking any of them", async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, () => login(stack, "dora", "guess")));
    const statuses = burst.map((a) => a.status);
    // Exactly the limit is tried; every other guess is refused before its password is checked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - ACCOUNT_FAILURES);
    expect((await login(stack, "dora", "correct horse battery")).status).toBe(429);
  });
});

describe("sign-ups and proxies", () => {
  let stack: Stack;
  beforeAll(async () => {
    // 127.0.0.1 is the reverse proxy; 127.0.0.2 is a client that reaches the port directly.
    stack = await startStack({ worker: false, env: { SIGNUPS_PER_HOUR: "2", TRUSTED_PROXIES: "127.0.0.1" } });
  });
  afterAll(async () => stack?.stop());

  const signup = (username: string, forwardedFor: string, from = "127.0.0.1") =>
    post(stack, "/auth/signup", { username, password: "correct horse battery" }, from, {
      "x-forwarded-for": forwardedFor,
    });

  it("limits sign-ups per address, taking the address the proxy appended", async () => {
    expect((await signup("dan", "198.51.100.7")).status).toBe(201);
    expect((await signup("eve", "203.0.113.9, 198.51.100.7")).status).toBe(201);
    const third = await signup("fay", "198.51.100.7");
    expect(third.status).toBe(429);
    expect(third.body.error?.message).toMatch(/^too many sign-ups from your address; try again in \d+ minutes$/);
    // a client cannot dodge the limit by writing its own X-Forwarded-For in front
    expect((await signup("fay", "192.0.2.1, 198.51.100.7")).status).toBe(429);
    expect((await signup("fay", "192.0.2.1")).status).toBe(201);
  });

  it("ignores X-Forwarded-For from an address that is not a trusted proxy", async () => {
    expect((await signup("gus", "192.0.2.50", "127.0.0.2")).status).toBe(201);
    expect((await signup("hal", "192.0.2.51", "127.0.0.2")).status).toBe(201);
    // both counted against 127.0.0.2 itself, whatever the header claimed
    expect((await signup("ivy", "192.0.2.52", "127.0.0.2")).status).toBe(429);
  });
});
