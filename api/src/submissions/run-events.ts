// Reading (and, for run.queued, appending to) the per-run event stream in Redis.
import { type NewRunEvent, RUN_EVENT_APPEND_LUA, RunEvent, redisKeys } from "@bsod/contracts";
import type { Redis } from "ioredis";

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

function parseEntries(entries: Array<[string, string[]]>): RunEvent[] {
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

/** Events with seq > afterSeq that are already in the stream. */
export async function readRunEvents(redis: Redis, submissionId: string, afterSeq = 0): Promise<RunEvent[]> {
  const entries = (await redis.xrange(redisKeys.runEvents(submissionId), `(${afterSeq}-0`, "+")) as Array<
    [string, string[]]
  >;
  return parseEntries(entries);
}

/**
 * Replays the stream from afterSeq, then follows it live until run.finished, the signal aborts,
 * or the stream stays silent for idleMs. Uses its own blocking connection.
 */
export async function* followRunEvents(
  redis: Redis,
  submissionId: string,
  opts: { afterSeq?: number; signal?: AbortSignal; blockMs?: number } = {},
): AsyncGenerator<RunEvent> {
  let last = opts.afterSeq ?? 0;
  const key = redisKeys.runEvents(submissionId);
  const reader = redis.duplicate();
  const onAbort = () => reader.disconnect();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (const ev of await readRunEvents(redis, submissionId, last)) {
      last = ev.seq;
      yield ev;
      if (ev.type === "run.finished") return;
    }
    while (!opts.signal?.aborted) {
      const res = (await reader
        .xread("BLOCK", opts.blockMs ?? 5_000, "STREAMS", key, `${last}-0`)
        .catch((err: unknown) => {
          if (opts.signal?.aborted) return null;
          throw err;
        })) as Array<[string, Array<[string, string[]]>]> | null;
      if (!res) continue;
      for (const [, entries] of res) {
        for (const ev of parseEntries(entries)) {
          last = ev.seq;
          yield ev;
          if (ev.type === "run.finished") return;
        }
      }
    }
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    reader.disconnect();
  }
}
