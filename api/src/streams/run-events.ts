// A run's events (queued, build and stage lines, the verdict): appended to the run's Redis
// stream, which expires a week after its last event, and followed by every reader (git push,
// CLI, browser) through one reader per run.
import { type NewRunEvent, RunEvent, redisKeys } from "@bsod/contracts";
import type { Redis } from "ioredis";
import { appendToStream } from "./stream-append.ts";
import { entryParser } from "./stream-entries.ts";
import { StreamHub } from "./stream-hub.ts";

const EVENTS_TTL_S = 7 * 24 * 3600;

/**
 * Appends to the run's stream; with `once`, only if that key was not set before (the verdict of
 * an attempt, announced again when a result is applied again). The seq, or null when held back.
 */
export async function appendRunEvent(
  redis: Redis,
  submissionId: string,
  event: NewRunEvent,
  opts: { once?: string } = {},
): Promise<number | null> {
  const to = {
    stream: redisKeys.runEvents(submissionId),
    counter: redisKeys.runSeq(submissionId),
    ttlSeconds: EVENTS_TTL_S,
    ...(opts.once ? { once: opts.once } : {}),
  };
  return appendToStream(redis, to, event);
}

/** The runs' event streams, one Redis reader per run being followed, however many follow it. */
export class RunEventHub extends StreamHub<RunEvent> {
  constructor(redis: Redis) {
    super(redis, { key: redisKeys.runEvents, parse: entryParser(RunEvent) });
  }
}

/**
 * The run's events with seq > afterSeq: the stream so far, then live ones until run.finished or
 * the signal aborts. A finished run is answered from one read, without a reader.
 */
export async function* followRunEvents(
  hub: RunEventHub,
  submissionId: string,
  opts: { afterSeq?: number; signal?: AbortSignal } = {},
): AsyncGenerator<RunEvent> {
  let last = opts.afterSeq ?? 0;
  for (const ev of await hub.read(submissionId, last)) {
    last = ev.seq;
    yield ev;
    if (ev.type === "run.finished") return;
  }
  if (opts.signal?.aborted) return;
  const queue: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  const unsubscribe = await hub.subscribe(submissionId, last, (ev) => {
    queue.push(ev);
    poke();
  });
  opts.signal?.addEventListener("abort", poke, { once: true });
  try {
    while (!opts.signal?.aborted) {
      const ev = queue.shift();
      if (!ev) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      yield ev;
      if (ev.type === "run.finished") return;
    }
  } finally {
    opts.signal?.removeEventListener("abort", poke);
    unsubscribe();
  }
}
