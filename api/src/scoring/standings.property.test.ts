// Properties of computeStandings over random jams (fast-check), and one jam at the size we must handle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStandings } from "./standings.ts";
import type { ScoringInput, ScoringMode } from "./types.ts";

const T0 = Date.UTC(2026, 5, 1, 9);
const MINUTE = 60_000;

// Small ranges on purpose: equal times, equal joinedAt and equal metric values are where ranking bugs live.
const time = fc.integer({ min: 0, max: 20 }).map((m) => T0 + m * MINUTE);
const userId = fc.integer({ min: 0, max: 8 }).map((i) => `usr_${i}`); // usr_8 is never a participant
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
  cutoff: fc.option(time, { nil: undefined }),
  stages: fc.constant([
    { slug: "a", title: "A", points: 100 },
    { slug: "b", title: "B", points: 30, metric: { name: "latency", unit: "ms", better: "lower" as const } },
    { slug: "c", title: "C", points: 70, metric: { name: "throughput", unit: "ops/s", better: "higher" as const } },
  ]),
  participants: fc
    .array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 })
    .map((joined) =>
      joined.map((j, i) => ({ userId: `usr_${i}`, username: `u${(i * 5) % 8}`, displayName: `U${i}`, joinedAt: j })),
    ),
  solves: fc.array(fact, { maxLength: 30 }),
  failures: fc.array(fact, { maxLength: 20 }),
  metrics: fc.array(fc.record({ userId, stageSlug, at: time, value: fc.integer({ min: 0, max: 5 }) }), {
    maxLength: 20,
  }),
});

describe("computeStandings properties", () => {
  it("lists every participant exactly once", () => {
    fc.assert(
      fc.property(jams, (input) => {
        const ids = computeStandings(input).standings.map((s) => s.userId);
        expect([...ids].sort()).toEqual(input.participants.map((p) => p.userId).sort());
      }),
    );
  });

  it("ranks go 1, then stay or jump to the position (1, 2, 2, 4); scores never rise down the board", () => {
    fc.assert(
      fc.property(jams, (input) => {
        const { standings } = computeStandings(input);
        if (standings[0]) expect(standings[0].rank).toBe(1);
        for (let i = 1; i < standings.length; i++) {
          const [prev, s] = [standings[i - 1]!, standings[i]!];
          expect(s.rank === prev.rank || s.rank === i + 1).toBe(true);
          expect(s.rank).toBeGreaterThanOrEqual(prev.rank);
          expect(s.score).toBeLessThanOrEqual(prev.score);
        }
      }),
    );
  });

  it("gives the same board whatever order the facts arrive in", () => {
    fc.assert(
      fc.property(jams, (input) => {
        const reversed = {
          ...input,
          solves: [...input.solves].reverse(),
          failures: [...input.failures].reverse(),
          metrics: [...input.metrics].reverse(),
        };
        expect(computeStandings(reversed)).toEqual(computeStandings(input));
      }),
    );
  });

  it("stages mode: adding a solve never lowers that participant's score", () => {
    fc.assert(
      fc.property(jams, fact, (jam, extra) => {
        const input = { ...jam, mode: "stages" as const };
        const scoreOf = (i: ScoringInput) =>
          computeStandings(i).standings.find((s) => s.userId === extra.userId)?.score;
        const before = scoreOf(input);
        const after = scoreOf({ ...input, solves: [...input.solves, extra] });
        expect(after ?? 0).toBeGreaterThanOrEqual(before ?? 0);
      }),
    );
  });
});

describe("computeStandings at scale", () => {
  it("ranks 10,000 participants × 20 stages (200,000 solves)", () => {
    const P = 10_000;
    const stages = Array.from({ length: 20 }, (_, s) => ({ slug: `stage-${s}`, title: `Stage ${s}`, points: 100 }));
    const participants = Array.from({ length: P }, (_, u) => ({
      userId: `usr_${u}`,
      username: `user${u}`,
      displayName: `User ${u}`,
      joinedAt: T0 - P + u,
    }));
    // Everyone solves all 20 stages, a minute apart; participant u starts u seconds in.
    const solves = participants.flatMap((p, u) =>
      stages.map((st, s) => ({ userId: p.userId, stageSlug: st.slug, at: T0 + u * 1000 + s * MINUTE })),
    );
    const cutoff = T0 + P * 1000 + 20 * MINUTE; // after everything: every solve counts
    const result = computeStandings({
      mode: "points",
      options: { decay: { function: "parabolic", initial: 500, decay: 20, minimum: 100 }, firstSolveBonus: 10 },
      startsAt: T0,
      cutoff,
      stages,
      participants,
      solves,
      failures: [],
      metrics: [],
    });
    expect(solves).toHaveLength(200_000);
    expect(result.standings).toHaveLength(P);
    // 10,000 solvers: 500 − 9999² → the minimum, 100 a stage; usr_0 solved every stage first: 20 × (100 + 10)
    expect(result.stages.every((s) => s.value === 100 && s.solves === P && s.firstSolver === "usr_0")).toBe(true);
    expect(result.standings.slice(0, 3).map((s) => [s.rank, s.userId, s.score])).toEqual([
      [1, "usr_0", 2200],
      [2, "usr_1", 2000], // 2000 like everyone else, but its last solve is the earliest of the rest
      [3, "usr_2", 2000],
    ]);
    expect(result.standings.at(-1)).toMatchObject({ rank: P, userId: `usr_${P - 1}`, score: 2000 });
  });
});
