// Appends one event to an event stream through the shared script (packages/contracts): numbered
// by the stream's counter, stamped with the time, trimmed or expired as the stream asks.
import { STREAM_APPEND_LUA } from "@bsod/contracts";
import type { Redis } from "ioredis";

export interface StreamTarget {
  stream: string;
  counter: string;
  /** When set, the event is appended only if this key was not set before (see STREAM_APPEND_LUA). */
  once?: string;
  /** An approximate cap on the entries kept (0 or absent: no trim). */
  maxLen?: number;
  /** Seconds the stream (and its counter and once key) live after this append (0 or absent: kept). */
  ttlSeconds?: number;
}

/** The event's seq, or null when `once` held it back. */
export async function appendToStream(redis: Redis, to: StreamTarget, event: object): Promise<number | null> {
  const keys = to.once ? [to.stream, to.counter, to.once] : [to.stream, to.counter];
  const seq = Number(
    await redis.eval(
      STREAM_APPEND_LUA,
      keys.length,
      ...keys,
      JSON.stringify(event),
      String(Date.now()),
      String(to.maxLen ?? 0),
      String(to.ttlSeconds ?? 0),
    ),
  );
  return seq === 0 ? null : seq;
}
