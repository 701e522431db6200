// Probes for process supervisors and load balancers: /healthz says the process serves requests;
// /readyz says it can do its work (the database answers a query, Redis answers a PING), so a
// deployment sends no traffic to an api that would only fail it.
import { Hono } from "hono";
import { sql } from "kysely";
import type { AppEnv, Deps } from "../app-env.ts";
import { policy } from "../http/route-policy.ts";
import { type RedisMemory, redisMemory } from "../submissions/redis-memory.ts";

const CHECK_TIMEOUT_MS = 2_000;

async function redisMemoryOf(deps: Deps) {
  let mem: RedisMemory | undefined;
  await within(
    "redis",
    redisMemory(deps.redis).then((m) => (mem = m)),
  );
  return mem;
}

async function within<T>(what: string, work: Promise<T>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Each dependency's state: "ok", or what went wrong. */
export async function readiness(deps: Deps): Promise<Record<string, string>> {
  const checks: Record<string, () => Promise<unknown>> = {
    database: () => sql`select 1`.execute(deps.db),
    redis: () => deps.redis.ping(),
  };
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await within(name, check());
        return [name, "ok"] as const;
      } catch (err) {
        return [name, (err as Error).message] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const getHealthzPolicy = policy({ access: "anyone", summary: "Liveness: the process answers" });
  app.get("/healthz", getHealthzPolicy, (c) => c.json({ ok: true }));
  app.get("/readyz", policy({ access: "anyone", summary: "Readiness: the database and Redis answer" }), async (c) => {
    const checks = await readiness(c.var.deps);
    const ok = Object.values(checks).every((v) => v === "ok");
    // How full Redis is (sources of waiting runs, queues, run events): reported, not judged.
    const redisMemory = checks.redis === "ok" ? await redisMemoryOf(c.var.deps).catch(() => undefined) : undefined;
    return c.json({ ok, checks, ...(redisMemory ? { redisMemory } : {}) }, ok ? 200 : 503);
  });
  return app;
}
