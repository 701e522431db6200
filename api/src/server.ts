// Builds every dependency from a parsed config and starts the api; returns a handle to stop it.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { QUEUE_NAMES } from "@bsod/contracts";
import { serve } from "@hono/node-server";
import { Queue, type Worker } from "bullmq";
import type { Hono } from "hono";
import { Redis } from "ioredis";
import { type Logger, pino } from "pino";
import { createApp } from "./app.ts";
import type { AppEnv, Deps } from "./app-env.ts";
import { AuthThrottle } from "./auth/throttle.ts";
import { pruneTokens } from "./auth/tokens.ts";
import type { ApiConfig } from "./config.ts";
import { migrateToLatest, openDatabase } from "./db/database.ts";
import { RepoStore } from "./git/repos.ts";
import { seedDemo } from "./jams/demo.ts";
import { startScheduler } from "./jams/scheduler.ts";
import { Metrics } from "./ops/metrics.ts";
import { BoardCache } from "./scoring/board-cache.ts";
import { JamHub } from "./streams/jam-events.ts";
import { RunEventHub } from "./streams/run-events.ts";
import { Reconciler } from "./submissions/reconcile.ts";
import { startResultConsumer } from "./submissions/results.ts";
import { TrackRegistry } from "./tracks/registry.ts";

export interface RunningApi {
  url: string;
  deps: Deps;
  repos: RepoStore;
  /** The repair loop (runs at start and every minute); tests run it on demand. */
  reconciler: Reconciler;
  demo: Awaited<ReturnType<typeof seedDemo>>;
  close(): Promise<void>;
}

export interface BuiltApp {
  app: Hono<AppEnv>;
  deps: Deps;
  repos: RepoStore;
  demo: Awaited<ReturnType<typeof seedDemo>>;
  /** Tells the app the loopback URL its server listens on (its hooks call it; links use it without PUBLIC_URL). */
  bindUrl(url: string): void;
  /** Closes what buildApp opened (Redis, the database); the caller stops anything it started. */
  close(): Promise<void>;
}

/**
 * Opens the database and Redis, loads the tracks and assembles the Hono app, without listening:
 * `app.request()` serves it in-process (the route-policy and fuzz tests use it that way).
 */
export async function buildApp(
  config: ApiConfig,
  logger: Logger = pino({ level: config.logLevel }),
): Promise<BuiltApp> {
  const db = openDatabase(config.database, (err) =>
    logger.warn({ err }, "a database connection broke; the pool opens another"),
  );
  await migrateToLatest(db);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect().catch((err: Error) => {
    throw new Error(`cannot reach Redis at ${config.redisUrl}: ${err.message}`);
  });
  const gradeQueue = new Queue(QUEUE_NAMES.grade, { connection: redis, prefix: config.queuePrefix });
  const tracks = new TrackRegistry(db, redis, logger);
  const bound = { url: "" };
  const deps: Deps = {
    config,
    db,
    redis,
    gradeQueue,
    logger,
    tracks,
    boards: new BoardCache(db, redis),
    hub: new JamHub(redis),
    runs: new RunEventHub(redis),
    throttle: new AuthThrottle(redis, config.queuePrefix, config.signupsPerHour),
    hookSecret: randomBytes(32).toString("hex"),
    metrics: new Metrics(() => deps),
    instanceId: randomBytes(8).toString("hex"),
    publicUrl: () => config.publicUrl ?? bound.url,
    internalUrl: () => bound.url,
  };
  await tracks.loadFrom(config.challengesDir);
  const demo = await seedDemo(deps, { jam: config.demo });
  const repos = new RepoStore(path.join(config.dataDir, "repos"), config.gitBin);
  const app = createApp(deps, repos);
  return {
    app,
    deps,
    repos,
    demo,
    bindUrl(url) {
      bound.url = url;
    },
    async close() {
      deps.hub.close();
      deps.runs.close();
      await gradeQueue.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}

export async function startApi(
  config: ApiConfig,
  logger: Logger = pino({ level: config.logLevel }),
): Promise<RunningApi> {
  const built = await buildApp(config, logger);
  const { app, deps, demo } = built;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  built.bindUrl(url);
  const results = startResultConsumer(deps);
  const reconciler = new Reconciler(deps, built.repos);
  await reconciler.run();
  const stopScheduler = startScheduler(deps);
  const every = config.reconcileEveryMs;
  const reconcileTimer = setInterval(() => {
    reconciler.run(every).catch((err) => logger.error({ err }, "reconcile failed"));
  }, every);
  reconcileTimer.unref();
  // Revoked and expired tokens are kept a while (the account page lists them), then deleted.
  const prune = () => pruneTokens(deps.db).catch((err: Error) => logger.error({ err }, "deleting old tokens failed"));
  await prune();
  const pruneTimer = setInterval(prune, 3600_000);
  pruneTimer.unref();

  return {
    url,
    deps,
    repos: built.repos,
    reconciler,
    demo,
    async close() {
      clearInterval(reconcileTimer);
      clearInterval(pruneTimer);
      stopScheduler();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await closeConsumer(results, logger);
      await reconciler.close();
      await built.close();
    },
  };
}

/** How long shutdown waits for the result consumer before it drops its connections. */
const CONSUMER_CLOSE_MS = 5_000;

/**
 * Stops the result consumer without letting shutdown hang: a BullMQ worker whose blocking
 * connection is still reconnecting (Redis restarted under it) can wait forever for an `end`
 * event, so after CONSUMER_CLOSE_MS its connections are dropped instead. A result it was
 * applying stays in the queue and is applied after the restart (applying is idempotent).
 */
async function closeConsumer(worker: Worker, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    worker.close().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CONSUMER_CLOSE_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) {
    logger.warn({ waitedMs: CONSUMER_CLOSE_MS }, "the result consumer did not close in time; dropping its connections");
    void worker.disconnect().catch(() => undefined);
  }
}
