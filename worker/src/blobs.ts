// Loads the job's inputs (source tarball, harness bundle) from Redis.
import type { Redis } from "ioredis";
import { MissingBlobError } from "./missing-blob-error.ts";

export async function loadBlob(redis: Redis, key: string, what: string): Promise<Buffer> {
  const blob = await redis.getBuffer(key);
  if (!blob) throw new MissingBlobError(`${what} blob ${key} is missing from Redis (expired or never stored)`);
  return blob;
}
