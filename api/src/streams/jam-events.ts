// A jam's events (leaderboard changes, activity, announcements, unlocks, phases): appended to
// the jam's Redis stream, and fanned out in-process by one reader per jam, however many
// spectators are connected. The board's version (its ETag's root) lives beside them.
import { JamEvent, jamKeys, type NewJamEvent } from "@bsod/contracts";
import type { Redis } from "ioredis";
import { appendToStream } from "./stream-append.ts";
import { entryParser } from "./stream-entries.ts";
import { StreamHub } from "./stream-hub.ts";

const MAX_EVENTS = 20_000;

export async function appendJamEvent(redis: Redis, jamId: string, event: NewJamEvent): Promise<number> {
  const to = { stream: jamKeys.events(jamId), counter: jamKeys.seq(jamId), maxLen: MAX_EVENTS };
  return (await appendToStream(redis, to, event)) ?? 0;
}

/** Marks the jam's board as changed: a new version (new ETag) and a leaderboard.changed event. */
export async function boardChanged(redis: Redis, jamId: string): Promise<number> {
  const version = await redis.incr(jamKeys.version(jamId));
  await appendJamEvent(redis, jamId, { type: "leaderboard.changed", version });
  return version;
}

export async function boardVersion(redis: Redis, jamId: string): Promise<number> {
  return Number((await redis.get(jamKeys.version(jamId))) ?? "0");
}

/** A jam's events, one Redis reader per jam however many spectators follow it. */
export class JamHub extends StreamHub<JamEvent> {
  constructor(redis: Redis) {
    super(redis, { key: jamKeys.events, parse: entryParser(JamEvent) });
  }
}
