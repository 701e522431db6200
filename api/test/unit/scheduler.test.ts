// The jam clock on SQLite and on Postgres: spectators get one push when a jam starts, when each
// stage unlocks and when the jam ends — exactly once, however many api processes tick.
import { randomBytes } from "node:crypto";
import { jamKeys, newId } from "@bsod/contracts";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceClockChanges, type ClockMemory } from "../../src/jams/scheduler.ts";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase, testJam } from "../databases.ts";
import { REDIS_URL } from "../stack.ts";

const HOUR = 3600_000;

describe.each(DATABASE_KINDS)("the jam clock on %s", (kind) => {
  let database: TestDatabase;
  const redis = new Redis(REDIS_URL);
  const track = `clock-${kind}-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await database.db
      .insertInto("tracks")
      .values({
        slug: track,
        title: "Clock",
        summary: "",
        languages: "[]",
        limits: null,
        harness_hash: "x",
        updated_at: 1,
      })
      .execute();
    const stage = (position: number, slug: string) => ({
      track_slug: track,
      slug,
      position,
      title: `Stage ${slug}`,
      difficulty: "easy",
      points: 100,
      readme: "# a long README nobody needs in an event",
      limits: null,
      metric: null,
    });
    await database.db
      .insertInto("stages")
      .values([stage(1, "one"), stage(2, "two"), stage(3, "three")])
      .execute();
  });
  afterAll(async () => {
    await database?.drop();
    await redis.quit();
  });

  async function events(jamId: string) {
    const entries = await redis.xrange(jamKeys.events(jamId), "-", "+");
    return entries
      .map(([, f]) => JSON.parse(f[1] as string) as { type: string; [k: string]: unknown })
      .filter((e) => e.type !== "leaderboard.changed")
      .map(({ seq: _seq, at: _at, ...rest }) => rest);
  }

  it("announces the start, each unlock and the end once, from any number of processes", async () => {
    const start = Date.now() + 10 * HOUR;
    const jam = testJam({
      id: newId("jam"),
      slug: `clock-${kind}`,
      track_slug: track,
      starts_at: start,
      ends_at: start + 5 * HOUR,
      unlock: JSON.stringify({ mode: "interval", everyMs: HOUR }),
    });
    await database.db.insertInto("jams").values(jam).execute();
    const deps = { db: database.db, redis };
    const first: ClockMemory = new Map();
    const second: ClockMemory = new Map();
    const tick = async (at: number) => {
      // two api processes, each with its own memory, ticking at the same moment
      const [a, b] = await Promise.all([announceClockChanges(deps, at, first), announceClockChanges(deps, at, second)]);
      return a + b;
    };

    expect(await tick(start - HOUR)).toBe(1); // first sight: the state is recorded, nothing to announce
    expect(await events(jam.id)).toEqual([]);
    expect(await tick(start - HOUR + 5_000)).toBe(0);

    expect(await tick(start + 1)).toBe(1);
    expect(await events(jam.id)).toEqual([
      { type: "jam.phase", phase: "running", paused: false },
      { type: "stage.unlocked", stage: { slug: "one", title: "Stage one", position: 1 } },
    ]);

    expect(await tick(start + HOUR + 1)).toBe(1);
    expect(await tick(start + HOUR + 5_001)).toBe(0);
    expect((await events(jam.id)).slice(2)).toEqual([
      { type: "stage.unlocked", stage: { slug: "two", title: "Stage two", position: 2 } },
    ]);

    // a tick missed (the api was down): the next one announces every unlock in between
    expect(await tick(start + 4 * HOUR + 1)).toBe(1);
    expect(await tick(start + 5 * HOUR + 1)).toBe(1);
    expect((await events(jam.id)).slice(3)).toEqual([
      { type: "stage.unlocked", stage: { slug: "three", title: "Stage three", position: 3 } },
      { type: "jam.phase", phase: "finished", paused: false },
    ]);
  });
});
