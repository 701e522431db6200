// api configuration, parsed once from the environment at start-up.
import path from "node:path";
import { z } from "zod";
import { parseProxyEntry } from "./auth/forwarded.ts";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: z
    .string()
    .refine((s) => /^(postgres(ql)?|sqlite):/.test(s), "must start with postgres:// or sqlite:")
    .optional(),
  REDIS_URL: z.string().refine((s) => /^rediss?:\/\//.test(s), "must start with redis://"),
  CHALLENGES_DIR: z.string().default("challenges"),
  BSOD_QUEUE_PREFIX: z.string().default("bsod"),
  /** How long a `git push` waits for its run to finish before printing a link instead. */
  PUSH_WAIT_MS: z.coerce.number().int().min(0).default(180_000),
  /** Max size of one submission's source archive. */
  MAX_SOURCE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** Runs of one participant that may wait for a verdict at once; more pushes are refused. */
  MAX_WAITING_RUNS: z.coerce.number().int().min(1).default(3),
  /** Bytes of source one participant's waiting runs may hold in Redis at once. */
  MAX_QUEUED_SOURCE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(40 * 1024 * 1024),
  /** Bytes one repository may store over all its branches (side branches count). */
  REPO_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** A git request (clone, fetch, push with its graded run) is ended after this long. */
  GIT_TIMEOUT_MS: z.coerce.number().int().min(1000).optional(),
  /** git requests one user may have in progress at once. */
  GIT_REQUESTS_PER_USER: z.coerce.number().int().min(1).default(2),
  /** Sign-ups accepted from one address per hour (a jam night puts a whole room behind one). */
  SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(120),
  /**
   * Reverse proxies whose X-Forwarded-For is believed: comma-separated IPs and CIDRs. Empty (the
   * default): the socket's peer is the client, whatever the header says.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((e) => parseProxyEntry(e)), {
      message: "must be a comma-separated list of IP addresses and CIDRs (e.g. 10.0.0.0/8, 192.168.1.2)",
    }),
  /** Max size of one push's request body (the pack git sends). */
  MAX_PUSH_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** Seed the demo jam on start (the first organizer account is seeded either way). */
  BSOD_DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /** How often the reconciler repairs lost pushes, jobs and results (it also runs at start). */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Bearer token a Prometheus scraper presents at GET /metrics; unset, /metrics is off. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  GIT_BIN: z.string().default("git"),
});

/** Every environment variable the api reads (deployment manifests are checked against it). */
export const API_ENV_NAMES: readonly string[] = Object.keys(Env.shape);

export interface ApiConfig {
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  database: { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };
  redisUrl: string;
  challengesDir: string;
  queuePrefix: string;
  pushWaitMs: number;
  maxSourceBytes: number;
  maxPushBytes: number;
  maxWaitingRuns: number;
  maxQueuedSourceBytes: number;
  repoQuotaBytes: number;
  gitTimeoutMs: number;
  gitRequestsPerUser: number;
  signupsPerHour: number;
  /** Reverse proxies whose X-Forwarded-For is believed (IPs and CIDRs). */
  trustedProxies: string[];
  demo: boolean;
  metricsToken: string | undefined;
  reconcileEveryMs: number;
  logLevel: z.infer<typeof Env>["LOG_LEVEL"];
  gitBin: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>): ApiConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "environment";
    throw new ConfigError(`invalid ${field}: ${issue?.message ?? "bad value"}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  let database: ApiConfig["database"];
  if (e.DATABASE_URL?.startsWith("postgres")) database = { kind: "postgres", url: e.DATABASE_URL };
  else if (e.DATABASE_URL?.startsWith("sqlite:"))
    database = { kind: "sqlite", file: path.resolve(e.DATABASE_URL.slice("sqlite:".length)) };
  else database = { kind: "sqlite", file: path.join(dataDir, "bsod.sqlite") };
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ""),
    dataDir,
    database,
    redisUrl: e.REDIS_URL,
    challengesDir: path.resolve(e.CHALLENGES_DIR),
    queuePrefix: e.BSOD_QUEUE_PREFIX,
    pushWaitMs: e.PUSH_WAIT_MS,
    maxSourceBytes: e.MAX_SOURCE_BYTES,
    maxPushBytes: e.MAX_PUSH_BYTES,
    maxWaitingRuns: e.MAX_WAITING_RUNS,
    maxQueuedSourceBytes: e.MAX_QUEUED_SOURCE_BYTES,
    repoQuotaBytes: e.REPO_QUOTA_BYTES,
    // A push waits for its run (PUSH_WAIT_MS) inside the git request: the default leaves room for it.
    gitTimeoutMs: e.GIT_TIMEOUT_MS ?? e.PUSH_WAIT_MS + 120_000,
    gitRequestsPerUser: e.GIT_REQUESTS_PER_USER,
    signupsPerHour: e.SIGNUPS_PER_HOUR,
    trustedProxies: e.TRUSTED_PROXIES,
    demo: e.BSOD_DEMO,
    metricsToken: e.METRICS_TOKEN,
    reconcileEveryMs: e.RECONCILE_EVERY_MS,
    logLevel: e.LOG_LEVEL,
    gitBin: e.GIT_BIN,
  };
}
