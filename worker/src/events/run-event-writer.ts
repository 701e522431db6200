// Appends a run's events to its Redis stream, in order, through the one append script of every
// event stream (packages/contracts: numbered by the run's counter, stream id `<seq>-0`).
import { type NewRunEvent, RUN_LOG_MAX_EVENTS, RUN_LOG_MAX_LINE, redisKeys, STREAM_APPEND_LUA } from "@bsod/contracts";
import type { Redis } from "ioredis";
import { neutralizeEvent } from "./terminal-text.ts";

const COMMAND = "bsodAppendRunEvent";
type WithAppend = Redis & {
  [COMMAND]: (stream: string, seq: string, json: string, at: number, maxLen: number, ttl: number) => Promise<number>;
};

export interface RunEventWriterOptions {
  maxLogEvents?: number;
  maxLine?: number;
  ttlSeconds?: number;
}

export const RUN_EVENTS_TTL_SECONDS = 7 * 24 * 3600;

/**
 * What a worker writes: every run event but the verdict. run.finished is the api's, written from
 * the result it recorded, so a run's verdict has one source and reaches every reader once.
 */
export type WorkerRunEvent = Exclude<NewRunEvent, { type: "run.finished" }>;

const isLog = (e: NewRunEvent) => e.type === "build.log" || e.type === "stage.log";

export class RunEventWriter {
  readonly #redis: WithAppend;
  readonly #stream: string;
  readonly #seqKey: string;
  readonly #maxLogEvents: number;
  readonly #maxLine: number;
  readonly #ttl: number;
  #logEvents = 0;
  #dropped = 0;
  #tail: Promise<unknown> = Promise.resolve();
  #error: Error | null = null;

  constructor(redis: Redis, submissionId: string, opts: RunEventWriterOptions = {}) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: STREAM_APPEND_LUA });
    this.#redis = redis as WithAppend;
    this.#stream = redisKeys.runEvents(submissionId);
    this.#seqKey = redisKeys.runSeq(submissionId);
    this.#maxLogEvents = opts.maxLogEvents ?? RUN_LOG_MAX_EVENTS;
    this.#maxLine = opts.maxLine ?? RUN_LOG_MAX_LINE;
    this.#ttl = opts.ttlSeconds ?? RUN_EVENTS_TTL_SECONDS;
  }

  /** Log lines dropped after the cap. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Queues an event; order is kept. Never throws: a Redis failure surfaces from flush().
   * Returns the assigned seq, or null when the event was dropped by the log cap.
   */
  emit(event: WorkerRunEvent): Promise<number | null> {
    // Program output never reaches a terminal or a browser able to do more than colour it.
    let e = neutralizeEvent(event);
    if (isLog(e)) {
      if (this.#logEvents >= this.#maxLogEvents) {
        this.#dropped++;
        return Promise.resolve(null);
      }
      this.#logEvents++;
      e = { ...e, line: this.#truncate((e as { line: string }).line) } as NewRunEvent;
      if (this.#logEvents === this.#maxLogEvents) {
        const first = this.#append(e);
        const cut = `… log cut: more than ${this.#maxLogEvents} lines, the rest is not shown`;
        const note: NewRunEvent =
          e.type === "stage.log"
            ? { type: "stage.log", slug: e.slug, source: "harness", line: cut }
            : { type: "build.log", line: cut };
        void this.#append(note);
        return first;
      }
    }
    return this.#append(e);
  }

  /** Waits for every queued event; throws the first Redis error, if any. */
  async flush(): Promise<void> {
    await this.#tail;
    if (this.#error) throw this.#error;
  }

  #append(event: NewRunEvent): Promise<number | null> {
    const json = JSON.stringify(event);
    // ioredis sends commands of one connection in call order: no need to await the previous.
    const p = this.#redis[COMMAND](this.#stream, this.#seqKey, json, Date.now(), 0, this.#ttl).then(
      (seq) => Number(seq),
      (err: Error) => {
        this.#error ??= err;
        return null;
      },
    );
    this.#tail = Promise.all([this.#tail, p]).then(() => undefined);
    return p;
  }

  #truncate(line: string): string {
    return line.length <= this.#maxLine ? line : `${line.slice(0, this.#maxLine - 1)}…`;
  }
}

/** Reads a run's events back, in order (tests, the CLI). */
export async function readRunEvents(redis: Redis, submissionId: string): Promise<Array<Record<string, unknown>>> {
  const entries = await redis.xrange(redisKeys.runEvents(submissionId), "-", "+");
  return entries.map(([, fields]) => JSON.parse(fields[1] as string) as Record<string, unknown>);
}
