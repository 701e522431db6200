// Which deployment this worker grades for. Several deployments may share one Docker engine
// (two `npm start`s, a test run beside a live jam); each names its sandboxes by a scope that
// only its own workers judge. The id lives in the deployment's Redis, so every worker of one
// deployment agrees on it, and a fresh Redis (a new data dir) is a new deployment.
import { randomBytes } from "node:crypto";
import { redisKeys } from "@bsod/contracts";
import type { Redis } from "ioredis";

export async function deploymentId(redis: Redis, queuePrefix: string): Promise<string> {
  const key = redisKeys.deploymentId(queuePrefix);
  await redis.set(key, `dep_${randomBytes(6).toString("hex")}`, "NX");
  const id = await redis.get(key);
  if (!id) throw new Error(`cannot read the deployment id at ${key}`);
  return id;
}

/** The sandbox scope label of a deployment: its queue prefix and its id. */
export function sandboxScope(queuePrefix: string, id: string): string {
  return `${queuePrefix}/${id}`;
}
