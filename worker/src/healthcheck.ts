// The container healthcheck of a worker (`node --import tsx worker/src/healthcheck.ts`): healthy
// while it can do its work, i.e. Redis answers a PING and the Docker engine answers too, each
// within 3 s. Exit 0 healthy, 1 not (the reason on stderr).
import { createDocker } from "@bsod/grader";
import { Redis } from "ioredis";
import { loadConfig } from "./config.ts";

const TIMEOUT_MS = 3_000;

function within<T>(what: string, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
    ),
  ]);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  let redisError: Error | undefined;
  redis.on("error", (err: Error) => {
    redisError = err;
  });
  try {
    await within(
      "Redis",
      redis.connect().then(
        () => redis.ping(),
        (err: Error) => {
          throw new Error(`Redis at ${config.redisUrl}: ${(redisError ?? err).message}`);
        },
      ),
    );
    await within("the Docker engine", createDocker(config.dockerHost, config.dockerTls).ping()).catch((err: Error) => {
      throw new Error(`the Docker engine (${config.dockerHost ?? "default socket"}): ${err.message}`);
    });
  } finally {
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`unhealthy: ${err.message}`);
    process.exit(1);
  },
);
