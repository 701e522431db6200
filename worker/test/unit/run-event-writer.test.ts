// RunEventWriter against a real Redis: numbering, stream ids, the log cap, TTLs, continuation.
import { RunEvent, redisKeys } from "@bsod/contracts";
import { newSubmissionId } from "@bsod/grader/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RunEventWriter, readRunEvents } from "../../src/events/run-event-writer.ts";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const used: string[] = [];
afterAll(async () => {
  for (const id of used) await redis.del(redisKeys.runEvents(id), redisKeys.runSeq(id));
  await redis.quit();
});

function submission(): string {
  const id = newSubmissionId();
  used.push(id);
  return id;
}

describe("RunEventWriter", () => {
  it("appends events in order with seq, at and stream id <seq>-0", async () => {
    const id = submission();
    const w = new RunEventWriter(redis, id);
    w.emit({ type: "run.started", attempt: 1, worker: "w1" });
    w.emit({ type: "build.log", line: "compiling" });
    w.emit({ type: "build.finished", status: "passed", durationMs: 12 });
    await w.flush();
    const raw = await redis.xrange(redisKeys.runEvents(id), "-", "+");
    expect(raw.map(([streamId]) => streamId)).toEqual(["1-0", "2-0", "3-0"]);
    const events = (await readRunEvents(redis, id)).map((e) => RunEvent.parse(e));
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, "run.started"],
      [2, "build.log"],
      [3, "build.finished"],
    ]);
    expect(events[0]?.at).toBeGreaterThan(Date.now() - 60_000);
    expect(await redis.ttl(redisKeys.runEvents(id))).toBeGreaterThan(6 * 24 * 3600);
    expect(await redis.ttl(redisKeys.runSeq(id))).toBeGreaterThan(6 * 24 * 3600);
  });

  it("continues the sequence in a later attempt", async () => {
    const id = submission();
    const first = new RunEventWriter(redis, id);
    first.emit({ type: "run.started", attempt: 1, worker: "w1" });
    await first.flush();
    const second = new RunEventWriter(redis, id);
    expect(await second.emit({ type: "run.started", attempt: 2, worker: "w2" })).toBe(2);
    const events = await readRunEvents(redis, id);
    expect(events.map((e) => [e.seq, e.attempt])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("cuts the log after the cap with one note, keeps verdicts, truncates long lines", async () => {
    const id = submission();
    const w = new RunEventWriter(redis, id, { maxLogEvents: 3, maxLine: 10 });
    w.emit({ type: "stage.started", slug: "ping", index: 0 });
    for (let i = 0; i < 10; i++)
      w.emit({ type: "stage.log", slug: "ping", source: "program", line: `line ${i} ${"x".repeat(20)}` });
    w.emit({ type: "stage.failed", slug: "ping", status: "failed", durationMs: 5, message: "expected PONG" });
    await w.flush();
    expect(w.dropped).toBe(7);
    const events = (await readRunEvents(redis, id)).map((e) => RunEvent.parse(e));
    expect(events.map((e) => e.type)).toEqual([
      "stage.started",
      "stage.log",
      "stage.log",
      "stage.log",
      "stage.log",
      "stage.failed",
    ]);
    expect(events[1]).toMatchObject({ line: "line 0 xx…" });
    expect(events[4]).toMatchObject({ source: "harness", line: expect.stringContaining("log cut") });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reports a Redis failure from flush, so the job is retried", async () => {
    const broken = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    broken.on("error", () => {});
    const w = new RunEventWriter(broken, submission());
    w.emit({ type: "build.log", line: "x" });
    await expect(w.flush()).rejects.toThrow();
    broken.disconnect();
  });
});
