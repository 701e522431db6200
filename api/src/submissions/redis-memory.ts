// How full Redis is: its used memory against its maxmemory (0 when unbounded), from INFO memory.
import type { Redis } from "ioredis";

export interface RedisMemory {
  usedBytes: number;
  /** 0 when Redis runs without a maxmemory. */
  maxBytes: number;
  policy: string;
}

export async function redisMemory(redis: Redis): Promise<RedisMemory> {
  const info = await redis.info("memory");
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim() ?? "";
  return {
    usedBytes: Number(field("used_memory")) || 0,
    maxBytes: Number(field("maxmemory")) || 0,
    policy: field("maxmemory_policy"),
  };
}
