// The worker's configuration, parsed once at start from the environment and passed down.
import { hostname } from "node:os";
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ConfigSchema = z.object({
  REDIS_URL: z.string().url("must be a redis:// URL, e.g. redis://127.0.0.1:6379"),
  DOCKER_HOST: z.string().min(1).optional(),
  WORKER_CONCURRENCY: positiveInt(2),
  WORKER_ID: z.string().min(1).optional(),
  BSOD_QUEUE_PREFIX: z.string().min(1).default("bsod"),
  SANDBOX_RUNTIME: z.enum(["runc", "runsc"]).default("runc"),
  WARM_CONTAINERS: z.coerce.number().int().min(0).optional(),
  /** Job lock: a worker that stops renewing it (killed) loses its jobs and containers after this. */
  WORKER_LOCK_MS: positiveInt(15_000),
  /** Comma-separated runner images to warm at start (with the default limits). */
  WARM_IMAGES: z.string().default(""),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Every environment variable the worker reads (deployment manifests are checked against it). */
export const WORKER_ENV_NAMES: readonly string[] = Object.keys(ConfigSchema.shape);

export interface WorkerConfig {
  redisUrl: string;
  /** undefined: dockerode's default (the local socket). */
  dockerHost: string | undefined;
  concurrency: number;
  workerId: string;
  queuePrefix: string;
  runtime: "runc" | "runsc";
  warmContainers: number;
  lockMs: number;
  warmImages: string[];
  logLevel: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>): WorkerConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid worker configuration — ${lines.join("; ")}`);
  }
  const c = parsed.data;
  return {
    redisUrl: c.REDIS_URL,
    dockerHost: c.DOCKER_HOST,
    concurrency: c.WORKER_CONCURRENCY,
    workerId: c.WORKER_ID ?? `${hostname()}-${process.pid}`,
    queuePrefix: c.BSOD_QUEUE_PREFIX,
    runtime: c.SANDBOX_RUNTIME,
    warmContainers: c.WARM_CONTAINERS ?? c.WORKER_CONCURRENCY,
    lockMs: c.WORKER_LOCK_MS,
    warmImages: c.WARM_IMAGES.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: c.LOG_LEVEL,
  };
}
