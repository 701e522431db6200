// Faults produced for real, for tests: a Redis server of the test's own that it can kill, and a
// TCP proxy in front of a dependency that it can cut (the dependency becomes unreachable).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { POSTGRES_ADMIN_URL } from "./databases.ts";

export { freePort } from "@bsod/testkit";

export function startRedis(port: number): Promise<ChildProcess> {
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
export class CuttableProxy {
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

/** A cuttable proxy in front of the test Postgres; `via` rewrites a database URL to go through it. */
export async function postgresProxy(): Promise<{ proxy: CuttableProxy; via: (url: string) => string }> {
  const pg = new URL(POSTGRES_ADMIN_URL);
  const proxy = new CuttableProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
  await new Promise<void>((r) => proxy.server.listen(0, "127.0.0.1", () => r()));
  const port = String((proxy.server.address() as net.AddressInfo).port);
  return { proxy, via: (url) => Object.assign(new URL(url), { port }).toString() };
}
