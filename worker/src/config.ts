// The worker's configuration, parsed once at start from the environment and passed down.
import { hostname } from "node:os";
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ConfigSchema = z.object({
  REDIS_URL: z.string().url("must be a redis:// URL, e.g. redis://127.0.0.1:6379"),
  DOCKER_HOST: z.string().min(1).optional(),
  /** With a tcp:// DOCKER_HOST: "1" speaks TLS with the client certificate in DOCKER_CERT_PATH. */
  DOCKER_TLS_VERIFY: z.enum(["", "0", "1"]).default(""),
  /** Holds ca.pem, cert.pem and key.pem (Docker's own convention). */
  DOCKER_CERT_PATH: z.string().min(1).optional(),
  WORKER_CONCURRENCY: positiveInt(2),
  WORKER_ID: z.string().min(1).optional(),
  BSOD_QUEUE_PREFIX: z.string().min(1).default("bsod"),
  SANDBOX_RUNTIME: z.enum(["runc", "runsc"]).default("runc"),
  SANDBOX_VM_ACCEL: z.enum(["auto", "tcg", "kvm"]).default("auto"),
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
  /** TLS to a tcp:// engine: the directory with ca.pem, cert.pem and key.pem. */
  dockerTls: { certPath: string } | undefined;
  concurrency: number;
  workerId: string;
  queuePrefix: string;
  runtime: "runc" | "runsc";
  /** vm sandboxes: auto probes whether guests boot under KVM here (else TCG). */
  vmAccel: "auto" | "tcg" | "kvm";
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
  const dockerTls = c.DOCKER_TLS_VERIFY === "1" ? { certPath: c.DOCKER_CERT_PATH ?? "" } : undefined;
  checkDockerHost(c.DOCKER_HOST, dockerTls);
  return {
    redisUrl: c.REDIS_URL,
    dockerHost: c.DOCKER_HOST,
    dockerTls,
    concurrency: c.WORKER_CONCURRENCY,
    workerId: c.WORKER_ID ?? `${hostname()}-${process.pid}`,
    queuePrefix: c.BSOD_QUEUE_PREFIX,
    runtime: c.SANDBOX_RUNTIME,
    vmAccel: c.SANDBOX_VM_ACCEL,
    warmContainers: c.WARM_CONTAINERS ?? c.WORKER_CONCURRENCY,
    lockMs: c.WORKER_LOCK_MS,
    warmImages: c.WARM_IMAGES.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: c.LOG_LEVEL,
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * A Docker engine is root on its host: one reached over plain TCP is open to anyone on the network
 * path (and anyone who can reach the port). Only a local socket, a loopback port, or TLS with a
 * client certificate are accepted.
 */
function checkDockerHost(dockerHost: string | undefined, tls: { certPath: string } | undefined): void {
  if (!dockerHost || dockerHost.startsWith("unix://") || dockerHost.startsWith("npipe://")) return;
  let url: URL;
  try {
    url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  } catch {
    throw new ConfigError(
      `invalid worker configuration — DOCKER_HOST: ${dockerHost} is not unix:///path or tcp://host:port`,
    );
  }
  if (!/^(http|https):$/.test(url.protocol)) {
    throw new ConfigError(
      `invalid worker configuration — DOCKER_HOST: ${dockerHost} is not unix:///path or tcp://host:port`,
    );
  }
  if (tls) {
    if (!tls.certPath) {
      throw new ConfigError(
        "invalid worker configuration — DOCKER_TLS_VERIFY=1 needs DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem)",
      );
    }
    return;
  }
  if (LOOPBACK.test(url.hostname)) return;
  throw new ConfigError(
    `invalid worker configuration — DOCKER_HOST: ${dockerHost} is a remote Docker engine without TLS; anyone who can reach that port can run containers as root on it. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem), or use a unix:// socket or a loopback address`,
  );
}
