// The dependencies every route can reach, and the Hono environment type that carries them.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { AuthThrottle } from "./auth/throttle.ts";
import type { ApiConfig } from "./config.ts";
import type { Db } from "./db/schema.ts";
import type { User } from "./db/tables/users.ts";
import type { Metrics } from "./ops/metrics.ts";
import type { BoardCache } from "./scoring/board-cache.ts";
import type { JamHub } from "./streams/jam-events.ts";
import type { RunEventHub } from "./streams/run-events.ts";
import type { TrackRegistry } from "./tracks/registry.ts";

export interface Deps {
  config: ApiConfig;
  db: Db;
  redis: Redis;
  gradeQueue: Queue;
  logger: Logger;
  tracks: TrackRegistry;
  boards: BoardCache;
  hub: JamHub;
  /** Failed-login and sign-up limits per address (Redis). */
  throttle: AuthThrottle;
  /** Run event streams, fanned out in-process (one Redis reader per followed run). */
  runs: RunEventHub;
  /** Shared secret the git hooks present to the internal routes; never leaves the host. */
  hookSecret: string;
  /** This api process's id (random at each start). */
  instanceId: string;
  /** Prometheus metrics of this api process (GET /metrics). */
  metrics: Metrics;
  /** Base URL the api is reachable at, for clone URLs and links. */
  publicUrl: () => string;
  /** Loopback URL of this api process, for its own git hooks. */
  internalUrl: () => string;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    user: User | undefined;
    requestId: string;
    /** Set by the security headers for pages with an inline script (the CSP nonce). */
    secureHeadersNonce?: string;
  };
}
