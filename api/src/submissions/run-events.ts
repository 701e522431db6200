// Reading (and, for run.queued, appending to) the per-run event stream in Redis.
import { type NewRunEvent, RUN_EVENT_APPEND_LUA, RunEvent, redisKeys } from "@bsod/contracts";
import type { Redis } from "ioredis";
import { type StreamEntries, StreamHub } from "../live/stream-hub.ts";

const EVENTS_TTL_S = 7 * 24 * 3600;

export async function appendRunEvent(redis: Redis, submissionId: string, event: NewRunEvent): Promise<number> {
  const seq = await redis.eval(
    RUN_EVENT_APPEND_LUA,
    2,
    redisKeys.runEvents(submissionId),
    redisKeys.runSeq(submissionId),
    JSON.stringify(event),
    String(Date.now()),
    String(EVENTS_TTL_S),
  );
  return Number(seq);
}

function parseEntries(entries: StreamEntries): RunEvent[] {
  const out: RunEvent[] = [];
  for (const [, fields] of entries) {
    const i = fields.indexOf("e");
    const raw = i >= 0 ? fields[i + 1] : undefined;
    if (!raw) continue;
    const parsed = RunEvent.safeParse(JSON.parse(raw));
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The runs' event streams, one Redis reader per run being followed, however many follow it. */
export class RunEventHub extends StreamHub<RunEvent> {
  constructor(redis: Redis) {
    super(redis, { key: redisKeys.runEvents, parse: parseEntries });
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
