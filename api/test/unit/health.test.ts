// The probes a deployment points at the api: /healthz answers while the process serves;
// /readyz answers 503 naming the dependency that is down (Redis killed, the database cut off
// behind a proxy), and 200 again once it is back.
import type { ChildProcess } from "node:child_process";
import { until } from "@bsod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CuttableProxy, freePort, postgresProxy, startRedis } from "../faults.ts";
import { type Stack, startStack } from "../stack.ts";

let stack: Stack;
let redis: ChildProcess;
let redisPort: number;
let proxy: CuttableProxy;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const cut = await postgresProxy();
  proxy = cut.proxy;
  stack = await startStack({
    kind: "postgres",
    worker: false,
    env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    // The api reaches its database through the proxy.
    databaseVia: cut.via,
  });
});
afterAll(async () => {
  await stack?.stop();
  redis?.kill("SIGKILL");
  proxy?.server.close();
});

const probe = async (path: string) => {
  const res = await fetch(`${stack.url}${path}`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; checks?: Record<string, string> } };
};

describe("health probes", () => {
  it("are ready when the database and Redis answer", async () => {
    expect(await probe("/healthz")).toEqual({ status: 200, body: { ok: true } });
    expect(await probe("/readyz")).toMatchObject({
      status: 200,
      body: { ok: true, checks: { database: "ok", redis: "ok" }, redisMemory: { policy: expect.any(String) } },
    });
  });

  it("say which dependency is down, and recover when it is back", async () => {
    proxy.cut();
    const cut = await probe("/readyz");
    expect(cut.status).toBe(503);
    expect(cut.body.checks?.redis).toBe("ok");
    expect(cut.body.checks?.database).not.toBe("ok");
    expect((await probe("/healthz")).status).toBe(200);
    proxy.open = true;

    redis.kill("SIGKILL");
    const down = await probe("/readyz");
    expect(down.status).toBe(503);
    expect(down.body.checks?.redis).not.toBe("ok");
    redis = await startRedis(redisPort);
    // ioredis reconnects by itself; readiness follows without a restart.
    await until("the api to be ready again", async () => (await probe("/readyz")).status === 200, 20_000);
    expect((await probe("/readyz")).body.checks).toEqual({ database: "ok", redis: "ok" });
  });

  it("answer writes with 503 and Retry-After while the database is cut, and serve them once it is back", async () => {
    const signup = (username: string) =>
      fetch(`${stack.url}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "correct horse battery" }),
      });
    proxy.cut();
    try {
      const res = await signup("during-the-cut");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    } finally {
      proxy.open = true;
    }
    let tries = 0;
    await until(
      "writes to succeed again",
      async () => (await signup(`after-the-cut-${++tries}`)).status === 201,
      20_000,
    );
  });
});
