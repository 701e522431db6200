// The probes a deployment points at the api: /healthz answers while the process serves;
// /readyz answers 503 naming the dependency that is down (Redis killed, the database cut off
// behind a proxy), and 200 again once it is back.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { until } from "@bsod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_ADMIN_URL } from "../databases.ts";
import { type Stack, startStack } from "../stack.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => String(d).includes("Ready to accept") && resolve(child));
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
  });
}

/** A TCP proxy to Postgres that can be cut: the database becomes unreachable for real. */
class CuttableProxy {
  readonly server: net.Server;
  readonly sockets = new Set<net.Socket>();
  open = true;

  constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (!this.open) return client.destroy();
      const upstream = net.connect(target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  }

  cut() {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }
}

let stack: Stack;
let redis: ChildProcess;
let redisPort: number;
let proxy: CuttableProxy;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const pg = new URL(POSTGRES_ADMIN_URL);
  proxy = new CuttableProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
  await new Promise<void>((r) => proxy.server.listen(0, "127.0.0.1", () => r()));
  const proxyPort = String((proxy.server.address() as net.AddressInfo).port);
  stack = await startStack({
    kind: "postgres",
    worker: false,
    env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    // The api reaches its database through the proxy.
    databaseVia: (url) => Object.assign(new URL(url), { port: proxyPort }).toString(),
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
    expect(await probe("/readyz")).toEqual({
      status: 200,
      body: { ok: true, checks: { database: "ok", redis: "ok" } },
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
});
