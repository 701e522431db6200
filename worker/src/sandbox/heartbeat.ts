// A per-worker Redis key with a TTL: while it exists, the worker's containers are its own.
import type { Redis } from "ioredis";

export function heartbeatKey(scope: string, workerId: string): string {
  return `${scope}:worker:${workerId}:alive`;
}

export class Heartbeat {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
    private readonly onError: (err: Error) => void,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => void this.beat().catch(this.onError), Math.max(200, this.ttlMs / 3));
    this.#timer.unref();
  }

  beat(): Promise<unknown> {
    return this.redis.set(this.key, String(Date.now()), "PX", this.ttlMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.redis.del(this.key);
  }
}
