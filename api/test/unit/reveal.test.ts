// The animated reveal (GET /jams/:slug/reveal) on SQLite and on Postgres: the frozen board, the
// resolver's order of steps and the final board against ranks computed by hand, in stages mode with an
// ICPC penalty and in points mode with decay and a first-solve bonus; who may read it. Over random
// jams and one of 2,000 participants: applying the steps one by one, as a client does, gives what
// computeStandings makes of the facts revealed so far.
import { isDeepStrictEqual } from "node:util";
import type { BoardEntry, RevealStep, RevealView } from "@bsod/contracts/api-types";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Jam } from "../../src/db/tables/jams.ts";
import { revealSteps } from "../../src/scoring/reveal.ts";
import { computeStandings } from "../../src/scoring/standings.ts";
import type { ScoringInput, ScoringMode } from "../../src/scoring/types.ts";
import { DATABASE_KINDS } from "../databases.ts";
// Shared with the browser tests, which already build on this folder's stack.ts.
import { judged as judgedRun, organizerToken } from "../results.ts";
import { call, type Stack, signUp, startStack } from "../stack.ts";

const MIN = 60_000;

type Row = Pick<BoardEntry, "rank" | "score" | "stagesCompleted" | "lastScoredAt" | "penaltyMinutes" | "stages"> & {
  user: { username: string };
};

/** A step applied to the rows before it, the way docs/api.md tells a client to. */
function applyStep<T extends Row>(rows: T[], step: RevealStep): T[] {
  const before = new Map(rows.map((r) => [r.user.username, r]));
  const next = rows.filter((r) => !step.entries.some((p) => p.username === r.user.username));
  for (const patch of [...step.entries].sort((a, b) => a.position - b.position)) {
    const { username, position, stages, ...keys } = patch;
    const row = before.get(username)!;
    next.splice(position, 0, { ...row, ...keys, stages: { ...row.stages, ...stages } });
  }
  if (step.ranks) {
    const { from, to, shared } = step.ranks;
    const inShared = (i: number) => shared.some(([first, count]) => i >= first && i < first + count);
    for (let i = from; i <= to; i++) next[i] = { ...next[i]!, rank: inShared(i) ? next[i - 1]!.rank : i + 1 };
  }
  return next;
}

const ranks = (rows: Row[]) => rows.map((e) => [e.rank, e.user.username, e.score]);

/** Rows with their solved cells only: failures at stages never solved after the freeze are on the final board only. */
const solvedOnly = (rows: Row[]) =>
  rows.map((r) => ({
    ...r,
    stages: Object.fromEntries(Object.entries(r.stages).filter(([, c]) => c.solvedAt !== null)),
  }));

describe.each(DATABASE_KINDS)("reveal on %s", (kind) => {
  let stack: Stack;
  let admin: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ kind, worker: false });
    admin = await organizerToken(stack);
    for (const name of ["ann", "bob", "cat", "dan", "eve", "fox"]) tokens[name] = await signUp(stack, name);
  });
  afterAll(async () => stack?.stop());

  /** A published jam that started two hours ago and froze one hour after its start, with `people` enrolled in order. */
  async function newJam(slug: string, body: Record<string, unknown>, people: string[]): Promise<Jam> {
    const startsAt = Date.now() - 120 * MIN;
    const times = { startsAt, endsAt: startsAt + 600 * MIN, freezeAt: startsAt + 60 * MIN };
    const created = await call(
      stack,
      "POST",
      "/admin/jams",
      { slug, track: "hello", title: `Jam ${slug}`, ...times, ...body },
      admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await call(stack, "POST", `/admin/jams/${slug}/publish`, {}, admin)).status).toBe(200);
    for (const name of people) {
      const res = await call(stack, "POST", `/jams/${slug}/enroll`, { language: "python" }, tokens[name]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    return stack.api.deps.db.selectFrom("jams").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  }

  const judged = (jam: Jam, username: string, minutes: number, passed: number) =>
    judgedRun(stack, jam, username, minutes, passed, ["hello-world", "echo"]);

  async function reveal(slug: string, token?: string): Promise<RevealView> {
    const res = await call(stack, "GET", `/jams/${slug}/reveal`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  /** The board after each step, from the frozen one. */
  function replay(view: RevealView) {
    const boards = [view.frozen.entries];
    for (const step of view.steps) boards.push(applyStep(boards[boards.length - 1]!, step));
    return boards;
  }

  it("reveals an ICPC board from the bottom, one solve at a time, re-ranking after each", async () => {
    const jam = await newJam(
      `icpc-${kind}`,
      { scoring: { mode: "stages", options: { penalty: { minutesPerFailure: 20 } } } },
      ["ann", "bob", "cat", "dan", "eve"],
    );
    // The freeze is at minute 60. A run that passes hello-world and stops at echo is a failure at echo.
    await judged(jam, "ann", 10, 1);
    await judged(jam, "ann", 70, 2);
    await judged(jam, "bob", 20, 1);
    await judged(jam, "bob", 40, 2);
    await judged(jam, "cat", 65, 1);
    await judged(jam, "cat", 80, 2);
    await judged(jam, "dan", 30, 0);
    await judged(jam, "dan", 90, 1);

    // Frozen: bob 2 stages, penalty 20 + 40 + 20 (echo failed at 20) = 80; ann 1 stage (10); cat, dan
    // and eve nothing, sharing rank 3 in the order they joined.
    const view = await reveal(jam.slug, admin);
    expect(view.revealedAt).toBeNull();
    expect(view.frozen.jam.frozen).toBe(true);
    const boards = replay(view);
    expect(ranks(boards[0]!)).toEqual([
      [1, "bob", 2],
      [2, "ann", 1],
      [3, "cat", 0],
      [3, "dan", 0],
      [3, "eve", 0],
    ]);
    // Pending: ann echo (70), cat hello-world (65) and echo (80), dan hello-world (90). dan is the lowest
    // with a pending solve: hello-world at 90 + 20 (failed at 30) = 110, below ann (10), above cat. Now cat
    // is the lowest: hello-world at 65 passes dan; she is still the lowest with one pending: echo 80 + 20
    // (failed at 65) → 2 stages, 165, second behind bob's 80. Last ann: echo 70 + 20 (failed at 10) →
    // 2 stages, 100, between bob and cat.
    expect(view.steps.map((s) => [s.username, s.stage, s.before.rank, s.after.rank])).toEqual([
      ["dan", "hello-world", 3, 3],
      ["cat", "hello-world", 4, 3],
      ["cat", "echo", 3, 2],
      ["ann", "echo", 3, 2],
    ]);
    expect(boards.slice(1).map(ranks)).toEqual([
      [
        [1, "bob", 2],
        [2, "ann", 1],
        [3, "dan", 1],
        [4, "cat", 0],
        [4, "eve", 0],
      ],
      [
        [1, "bob", 2],
        [2, "ann", 1],
        [3, "cat", 1],
        [4, "dan", 1],
        [5, "eve", 0],
      ],
      [
        [1, "bob", 2],
        [2, "cat", 2],
        [3, "ann", 1],
        [4, "dan", 1],
        [5, "eve", 0],
      ],
      [
        [1, "bob", 2],
        [2, "ann", 2],
        [3, "cat", 2],
        [4, "dan", 1],
        [5, "eve", 0],
      ],
    ]);
    const last = boards[boards.length - 1]!;
    expect(last.map((e) => e.penaltyMinutes)).toEqual([80, 100, 165, 110, 0]);
    expect(solvedOnly(last)).toEqual(solvedOnly(view.final.entries));
    // No step reveals dan's failed echo at minute 90: the frozen board shows the cell as pending
    // (tried after the freeze), and its result appears with the final board.
    expect(last[3]!.stages.echo).toMatchObject({ solvedAt: null, failures: 0, pending: 1 });
    const danFinal = view.final.entries.find((e) => e.user.username === last[3]!.user.username);
    expect(danFinal?.stages.echo?.pending).toBeUndefined();
    expect(view.final.entries[3]!.stages.echo).toMatchObject({ solvedAt: null, failures: 1 });
    expect(view.steps[2]!.entries[0]!.stages).toEqual({
      echo: { solvedAt: jam.starts_at + 80 * MIN, points: 1, firstSolve: false, failures: 1 },
    });

    // Before the reveal only organizers may look (to rehearse).
    const early = await call(stack, "GET", `/jams/${jam.slug}/reveal`);
    expect(early.status).toBe(403);
    expect(early.body.error.message).toMatch(/still frozen/);
    expect((await call(stack, "GET", `/jams/${jam.slug}/reveal`, undefined, tokens.cat)).status).toBe(403);

    expect((await call(stack, "POST", `/admin/jams/${jam.slug}/reveal`, {}, admin)).status).toBe(200);
    const revealed = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/reveal`);
    expect(revealed.status).toBe(200);
    const body = (await revealed.json()) as RevealView;
    expect(body.revealedAt).not.toBeNull();
    expect(body.steps).toEqual(view.steps);
    expect(body.final.entries).toEqual((await call(stack, "GET", `/jams/${jam.slug}/leaderboard`)).body.entries);
    const again = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/reveal`, {
      headers: { "if-none-match": revealed.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
  });

  it("re-ranks decayed values after each step and never shows a hidden participant", async () => {
    const jam = await newJam(
      `decay-${kind}`,
      {
        scoring: {
          mode: "points",
          options: { decay: { function: "linear", initial: 100, decay: 10, minimum: 50 }, firstSolveBonus: 5 },
        },
      },
      ["ann", "bob", "cat", "dan", "fox"],
    );
    await judged(jam, "ann", 10, 1);
    await judged(jam, "ann", 50, 2);
    await judged(jam, "bob", 20, 1);
    await judged(jam, "fox", 30, 1);
    await judged(jam, "cat", 70, 2);
    await judged(jam, "dan", 80, 1);
    await judged(jam, "fox", 75, 2);
    const hide = await call(stack, "POST", `/admin/jams/${jam.slug}/participants/fox/hide`, { hidden: true }, admin);
    expect(hide.status).toBe(200);
    expect((await call(stack, "POST", `/admin/jams/${jam.slug}/reveal`, {}, admin)).status).toBe(200);

    // Frozen (fox left out entirely): hello-world 2 solvers → 90, echo 1 → 100; ann 90+5 + 100+5 = 200.
    const view = await reveal(jam.slug);
    const boards = replay(view);
    expect(ranks(boards[0]!)).toEqual([
      [1, "ann", 200],
      [2, "bob", 90],
      [3, "cat", 0],
      [3, "dan", 0],
    ]);
    // dan's hello-world: 3 solvers → 80 for everyone (ann 190, bob 80, dan 80, bob first on time).
    // cat's hello-world: 4 solvers → 70 (ann 180; bob, cat, dan 70 in order of their last solve).
    // cat's echo: 2 solvers → 90 (ann 75 + 95 = 170, cat 70 + 90 = 160).
    expect(view.steps.map((s) => [s.username, s.stage, s.before.rank, s.after.rank])).toEqual([
      ["dan", "hello-world", 3, 3],
      ["cat", "hello-world", 4, 3],
      ["cat", "echo", 3, 2],
    ]);
    expect(boards.slice(1).map(ranks)).toEqual([
      [
        [1, "ann", 190],
        [2, "bob", 80],
        [3, "dan", 80],
        [4, "cat", 0],
      ],
      [
        [1, "ann", 180],
        [2, "bob", 70],
        [3, "cat", 70],
        [4, "dan", 70],
      ],
      [
        [1, "ann", 170],
        [2, "cat", 160],
        [3, "bob", 70],
        [4, "dan", 70],
      ],
    ]);
    expect(view.steps[0]!.stages).toEqual([{ slug: "hello-world", value: 80, solves: 3, firstSolver: "ann" }]);
    // The step lists every row whose score moved with the value, the revealed one first.
    expect(view.steps[0]!.entries.map((e) => [e.username, e.score])).toEqual([
      ["dan", 80],
      ["ann", 190],
      ["bob", 80],
    ]);
    expect(solvedOnly(boards[boards.length - 1]!)).toEqual(solvedOnly(view.final.entries));
    expect(JSON.stringify(view)).not.toContain("fox");
  });

  it("is not found for a draft, a conflict without a freeze or before it", async () => {
    const startsAt = Date.now() - 60 * MIN;
    const jam = (slug: string, freezeAt: number | null) =>
      call(
        stack,
        "POST",
        "/admin/jams",
        { slug, track: "hello", title: slug, startsAt, endsAt: startsAt + 600 * MIN, freezeAt },
        admin,
      );
    expect((await jam(`draft-${kind}`, startsAt + 10 * MIN)).status).toBe(201);
    expect((await call(stack, "GET", `/jams/draft-${kind}/reveal`, undefined, tokens.ann)).status).toBe(404);
    expect((await call(stack, "GET", `/jams/draft-${kind}/reveal`, undefined, admin)).status).toBe(200);

    for (const [slug, freezeAt, message] of [
      [`nofreeze-${kind}`, null, "this jam has no freeze"],
      [`later-${kind}`, startsAt + 300 * MIN, "the board is not frozen yet"],
    ] as const) {
      expect((await jam(slug, freezeAt)).status).toBe(201);
      expect((await call(stack, "POST", `/admin/jams/${slug}/publish`, {}, admin)).status).toBe(200);
      const res = await call(stack, "GET", `/jams/${slug}/reveal`, undefined, admin);
      expect([res.status, res.body.error.message]).toEqual([409, message]);
    }
    expect((await call(stack, "GET", `/jams/nofreeze-${kind}/reveal`)).status).toBe(409);
  });
});

/** The board the public sees for `input`, rows shaped as the api sends them. */
function boardRows(input: ScoringInput): Row[] {
  return computeStandings(input).standings.map(
    ({ rank, score, stagesCompleted, lastScoredAt, penaltyMinutes, username, stages }) => {
      const shown = Object.fromEntries(
        Object.entries(stages).filter(([, c]) => c.solvedAt !== null || c.failures > 0 || c.metric),
      );
      return {
        rank,
        score,
        stagesCompleted,
        lastScoredAt,
        ...(penaltyMinutes !== undefined ? { penaltyMinutes } : {}),
        user: { username },
        stages: shown,
      };
    },
  );
}

/** Replays revealSteps against the rule and computeStandings; returns the board after the last step. */
function checkReveal(input: ScoringInput, freezeAt: number, compareEachStep = true): Row[] {
  const known = new Set(input.participants.map((p) => p.userId));
  const order = input.stages.map((s) => s.slug);
  // A cell is pending when its first solve came at or after the freeze: userId → its stages.
  const firstSolve = new Map<string, Map<string, number>>();
  for (const s of input.solves) {
    if (!known.has(s.userId) || !order.includes(s.stageSlug)) continue;
    const mine = firstSolve.get(s.userId) ?? new Map<string, number>();
    mine.set(s.stageSlug, Math.min(mine.get(s.stageSlug) ?? Number.POSITIVE_INFINITY, s.at));
    firstSolve.set(s.userId, mine);
  }
  const pending = new Map(
    [...firstSolve].map(([u, cells]) => [u, order.filter((slug) => (cells.get(slug) ?? -1) >= freezeAt)]),
  );
  const revealed = new Set<string>();
  const upTo = (): ScoringInput => {
    const keep = (f: { userId: string; stageSlug: string; at: number }) =>
      f.at < freezeAt || revealed.has(`${f.userId}|${f.stageSlug}`);
    return {
      ...input,
      solves: input.solves.filter(keep),
      failures: input.failures.filter(keep),
      metrics: input.metrics.filter(keep),
    };
  };
  const userOf = new Map(input.participants.map((p) => [p.username, p.userId]));
  let rows = boardRows({ ...input, cutoff: freezeAt });
  for (const step of revealSteps(input, freezeAt)) {
    const lowest = rows.findLast((r) => (pending.get(userOf.get(r.user.username)!)?.length ?? 0) > 0)!;
    const userId = userOf.get(lowest.user.username)!;
    expect([step.username, step.stage]).toEqual([lowest.user.username, pending.get(userId)![0]]);
    pending.get(userId)!.shift();
    revealed.add(`${userId}|${step.stage}`);
    rows = applyStep(rows, step);
    // Compared only when they differ: toEqual on every step of 2,000 random jams is slow.
    if (compareEachStep && !isDeepStrictEqual(rows, boardRows(upTo()))) {
      expect(rows, `after ${step.username} ${step.stage}`).toEqual(boardRows(upTo()));
    }
  }
  expect([...pending.values()].flat()).toEqual([]);
  return rows;
}

describe("reveal steps", () => {
  const T0 = Date.UTC(2026, 5, 1, 9);
  // Small ranges on purpose, as in standings.property.test.ts: equal times and values are where ties live.
  const time = fc.integer({ min: 0, max: 20 }).map((m) => T0 + m * MIN);
  const userId = fc.integer({ min: 0, max: 10 }).map((i) => `usr_${i}`); // usr_10 is never a participant
  const stageSlug = fc.constantFrom("a", "b", "c", "unknown");
  const fact = fc.record({ userId, stageSlug, at: time });
  const jams: fc.Arbitrary<ScoringInput> = fc.record({
    mode: fc.constantFrom<ScoringMode>("stages", "points", "metric"),
    options: fc.record(
      {
        decay: fc.record({
          function: fc.constantFrom("linear" as const, "parabolic" as const),
          initial: fc.integer({ min: 50, max: 500 }),
          decay: fc.integer({ min: 0, max: 30 }),
          minimum: fc.integer({ min: 0, max: 50 }),
        }),
        firstSolveBonus: fc.integer({ min: 0, max: 50 }),
        penalty: fc.record({ minutesPerFailure: fc.integer({ min: 0, max: 20 }) }),
      },
      { requiredKeys: [] },
    ),
    startsAt: fc.constant(T0),
    stages: fc.constant([
      { slug: "a", title: "A", points: 100 },
      { slug: "b", title: "B", points: 30, metric: { name: "latency", unit: "ms", better: "lower" as const } },
      { slug: "c", title: "C", points: 0 },
    ]),
    participants: fc
      .array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 10 })
      .map((joined) =>
        joined.map((j, i) => ({ userId: `usr_${i}`, username: `u${i}`, displayName: `U${i}`, joinedAt: j })),
      ),
    solves: fc.array(fact, { maxLength: 40 }),
    failures: fc.array(fact, { maxLength: 20 }),
    metrics: fc.array(fc.record({ userId, stageSlug, at: time, value: fc.integer({ min: 1, max: 4 }) }), {
      maxLength: 12,
    }),
  });

  it("follows the resolver's order, and each step leads to computeStandings of the facts revealed so far", () => {
    fc.assert(
      fc.property(jams, fc.integer({ min: 0, max: 21 }), (input, minute) => {
        checkReveal(input, T0 + minute * MIN);
      }),
      { numRuns: 2000 },
    );
  });

  it("reveals a board of 2,000 participants × 10 stages to the final board", () => {
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const end = 600 * MIN;
    const stages = Array.from({ length: 10 }, (_, i) => ({ slug: `s${i}`, title: `S${i}`, points: 100 }));
    const participants = Array.from({ length: 2000 }, (_, i) => ({
      userId: `usr_${i}`,
      username: `u${i}`,
      displayName: `U${i}`,
      joinedAt: i,
    }));
    const input: ScoringInput = {
      mode: "stages",
      options: { penalty: { minutesPerFailure: 20 } },
      startsAt: 0,
      stages,
      participants,
      solves: [],
      failures: [],
      metrics: [],
    };
    for (const p of participants) {
      const times = Array.from({ length: Math.floor(random() * 11) }, () => Math.floor(random() * end)).sort(
        (a, b) => a - b,
      );
      times.forEach((at, s) => {
        input.solves.push({ userId: p.userId, stageSlug: `s${s}`, at });
        if (random() < 0.5) input.failures.push({ userId: p.userId, stageSlug: `s${s}`, at: at - 1000 });
      });
    }
    // Every failure comes before a solve, so the steps reveal everything: the end is the whole board.
    expect(checkReveal(input, 0.8 * end, false)).toEqual(boardRows(input));
  });
});
