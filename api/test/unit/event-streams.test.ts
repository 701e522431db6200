// The event streams' shared parts (api/src/streams): one append script numbers every stream's
// entries and can append once per key; one parser reads runs' and jams' entries alike.
import { randomBytes } from "node:crypto";
import { JamEvent, RunEvent } from "@bsod/contracts";
import { until } from "@bsod/testkit";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { appendJamEvent, JamHub } from "../../src/streams/jam-events.ts";
import { appendToStream, type StreamTarget } from "../../src/streams/stream-append.ts";
import { entryParser, type StreamEntries } from "../../src/streams/stream-entries.ts";
import { REDIS_URL } from "../stack.ts";

const redis = new Redis(REDIS_URL);
afterAll(() => redis.quit());

const target = (): StreamTarget => {
  const id = randomBytes(6).toString("hex");
  return { stream: `bsod:test:${id}:events`, counter: `bsod:test:${id}:seq`, ttlSeconds: 60 };
};

describe("event streams", () => {
  it("number entries from the stream's counter, the number being the entry id", async () => {
    const to = target();
    expect(await appendToStream(redis, to, { type: "build.log", line: "one" })).toBe(1);
    expect(await appendToStream(redis, to, { type: "build.log", line: "two" })).toBe(2);
    const entries = (await redis.xrange(to.stream, "-", "+")) as StreamEntries;
    expect(entries.map(([id]) => id)).toEqual(["1-0", "2-0"]);
    expect(entryParser(RunEvent)(entries).map((e) => [e.seq, e.type])).toEqual([
      [1, "build.log"],
      [2, "build.log"],
    ]);
    expect(await redis.ttl(to.stream)).toBeGreaterThan(0);
  });

  it("append once per once-key however often the append is repeated", async () => {
    const to = { ...target(), once: `bsod:test:${randomBytes(6).toString("hex")}:once` };
    const event = { type: "build.log", line: "said once" };
    const seqs = await Promise.all([1, 2, 3].map(() => appendToStream(redis, to, event)));
    expect(seqs.filter((s) => s !== null)).toEqual([1]);
    expect(await redis.xlen(to.stream)).toBe(1);
  });

  it("skip entries that are not events and read the rest", async () => {
    const to = target();
    await redis.xadd(to.stream, "1-0", "e", "{not json");
    await redis.xadd(to.stream, "2-0", "e", JSON.stringify({ seq: 2, at: 1, type: "no.such.event" }));
    await redis.xadd(to.stream, "3-0", "other", "field");
    await redis.set(to.counter, "3");
    await appendToStream(redis, to, { type: "announcement", id: "a1", body: "pizza at eight" });
    const parsed = entryParser(JamEvent)((await redis.xrange(to.stream, "-", "+")) as StreamEntries);
    expect(parsed).toEqual([expect.objectContaining({ seq: 4, type: "announcement", body: "pizza at eight" })]);
  });

  it("give a jam's follower the backlog after its seq, then what comes next", async () => {
    const jamId = `jam_${randomBytes(6).toString("hex")}`;
    const hub = new JamHub(redis);
    try {
      await appendJamEvent(redis, jamId, { type: "announcement", id: "a1", body: "first" });
      await appendJamEvent(redis, jamId, { type: "announcement", id: "a2", body: "second" });
      const seen: JamEvent[] = [];
      const unsubscribe = await hub.subscribe(jamId, 1, (ev) => seen.push(ev));
      await appendJamEvent(redis, jamId, { type: "jam.phase", phase: "running", paused: true });
      await until("the live event to arrive", async () => seen.length >= 2);
      unsubscribe();
      expect(seen.map((e) => [e.seq, e.type])).toEqual([
        [2, "announcement"],
        [3, "jam.phase"],
      ]);
    } finally {
      hub.close();
    }
  });
});
