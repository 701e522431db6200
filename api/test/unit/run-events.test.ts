// Following a run's events (push terminal, CLI, browser): every follower gets the same sequence
// with no gap and no repeat, and many followers of one run share one Redis reader.
import { randomBytes } from "node:crypto";
import type { NewRunEvent, RunEvent, RunResult } from "@bsod/contracts";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { appendRunEvent, followRunEvents, RunEventHub } from "../../src/streams/run-events.ts";
import { REDIS_URL } from "../stack.ts";

const name = `run-events-test-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL, { connectionName: name });
const hub = new RunEventHub(redis);
afterAll(async () => {
  hub.close();
  await redis.quit();
});

const result: RunResult = { version: 1, status: "passed", build: { status: "skipped", durationMs: 0 }, stages: [] };
const log = (line: string): NewRunEvent => ({ type: "build.log", line });
const finished: NewRunEvent = { type: "run.finished", status: "passed", result };

async function collect(id: string, afterSeq = 0, signal?: AbortSignal): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const ev of followRunEvents(hub, id, { afterSeq, ...(signal ? { signal } : {}) })) out.push(ev);
  return out;
}

/** Resolves once the hub has a reader for the run (the followers are live). */
async function followed(): Promise<void> {
  while (hub.following === 0) await new Promise((r) => setImmediate(r));
}

/** Redis connections of this file (the hub's readers are named after the connection they copy). */
async function connections(): Promise<number> {
  return ((await redis.client("LIST")) as string).split("\n").filter((l) => l.includes(` name=${name} `)).length;
}

describe("run event followers", () => {
  it("give 200 followers of a live run the whole sequence over one Redis reader", async () => {
    const id = `sub_${randomBytes(6).toString("hex")}`;
    await appendRunEvent(redis, id, { type: "run.queued", stages: ["one"] });
    await appendRunEvent(redis, id, log("before anyone follows"));
    const before = await connections();
    const followers = Array.from({ length: 200 }, () => collect(id));
    await followed();
    expect(hub.following).toBe(1);
    for (let i = 0; i < 20; i++) await appendRunEvent(redis, id, log(`live ${i}`));
    // 200 followers, at most one more connection (it may still be connecting)
    expect(await connections()).toBeLessThanOrEqual(before + 1);
    await appendRunEvent(redis, id, finished);
    const seen = await Promise.all(followers);
    for (const events of seen) {
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
      expect(events.at(-1)?.type).toBe("run.finished");
    }
    expect(hub.following).toBe(0);
  });

  it("resumes after a given sequence number without a gap or a repeat", async () => {
    const id = `sub_${randomBytes(6).toString("hex")}`;
    for (let i = 0; i < 5; i++) await appendRunEvent(redis, id, log(`early ${i}`));
    const late = collect(id, 3);
    await followed();
    await appendRunEvent(redis, id, log("live"));
    await appendRunEvent(redis, id, finished);
    expect((await late).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
  });

  it("answers a finished run from the stream alone, without a reader", async () => {
    const id = `sub_${randomBytes(6).toString("hex")}`;
    await appendRunEvent(redis, id, log("only line"));
    await appendRunEvent(redis, id, finished);
    const events = await collect(id);
    expect(events.map((e) => e.type)).toEqual(["build.log", "run.finished"]);
    expect(hub.following).toBe(0);
  });

  it("lets a follower leave a run that goes on, and frees the reader when the last one leaves", async () => {
    const id = `sub_${randomBytes(6).toString("hex")}`;
    await appendRunEvent(redis, id, log("started"));
    const leaving = new AbortController();
    const stays = collect(id);
    const leaves = collect(id, 0, leaving.signal);
    await followed();
    leaving.abort();
    expect((await leaves).map((e) => e.seq)).toEqual([1]);
    expect(hub.following).toBe(1);
    await appendRunEvent(redis, id, finished);
    expect((await stays).map((e) => e.seq)).toEqual([1, 2]);
    expect(hub.following).toBe(0);
  });
});
