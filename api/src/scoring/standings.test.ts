// Hand-computed standings for each scoring mode; the arithmetic is in the comments.
import { describe, expect, it } from "vitest";
import { computeStandings } from "./standings.ts";
import type { ScoringInput, ScoringResult } from "./types.ts";

const T0 = Date.UTC(2026, 5, 1, 9); // the jam starts
const at = (minutes: number) => T0 + minutes * 60_000;
const person = (name: string, joined: number) => ({
  userId: `usr_${name}`,
  username: name,
  displayName: name.toUpperCase(),
  joinedAt: at(joined - 100),
});
const fact = (name: string, stageSlug: string, minutes: number) => ({
  userId: `usr_${name}`,
  stageSlug,
  at: at(minutes),
});
const metric = (name: string, stageSlug: string, value: number, minutes: number) => ({
  ...fact(name, stageSlug, minutes),
  value,
});
const stage = (slug: string, points: number) => ({ slug, title: slug.toUpperCase(), points });

function jam(input: Partial<ScoringInput>): ScoringInput {
  return {
    mode: "stages",
    options: {},
    startsAt: T0,
    stages: [stage("a", 100), stage("b", 200), stage("c", 300)],
    participants: [],
    solves: [],
    failures: [],
    metrics: [],
    ...input,
  };
}

/** [rank, username, score] down the board. */
const board = (result: ScoringResult) => result.standings.map((s) => [s.rank, s.username, s.score]);
const standingOf = (result: ScoringResult, name: string) => result.standings.find((s) => s.username === name)!;

describe("stages mode", () => {
  // Not in joinedAt order, so that the input order cannot be what settles the ties.
  const participants = [
    person("gus", 5),
    person("dan", 4),
    person("bob", 2),
    person("eve", 5),
    person("ann", 1),
    person("fay", 0),
    person("cat", 3),
  ];
  const solves = [
    ...[fact("ann", "a", 10), fact("ann", "b", 20), fact("ann", "a", 50)], // 2 stages, last at 20 (a again at 50: kept at 10)
    ...[fact("bob", "a", 5), fact("bob", "b", 20)], // 2 stages, last at 20: ties with ann
    ...[fact("cat", "a", 1), fact("cat", "b", 2), fact("cat", "c", 30)], // 3 stages
    ...[fact("dan", "b", 25), fact("dan", "a", 15)], // 2 stages, last at 25: behind ann and bob
  ];

  it("ranks by stages solved, then the earlier last solve; ties share a rank; nobody is left out", () => {
    const result = computeStandings(jam({ participants, solves }));
    expect(board(result)).toEqual([
      [1, "cat", 3],
      [2, "ann", 2], // ann and bob: 2 stages, last at 20 → same rank, ann joined first
      [2, "bob", 2],
      [4, "dan", 2],
      [5, "fay", 0], // nothing solved: one rank group, by joinedAt then username
      [5, "eve", 0],
      [5, "gus", 0],
    ]);
    const ann = standingOf(result, "ann");
    expect(ann).toMatchObject({ stagesCompleted: 2, lastScoredAt: at(20), userId: "usr_ann", displayName: "ANN" });
    expect(ann.penaltyMinutes).toBeUndefined();
    expect(ann.stages).toEqual({
      a: { solvedAt: at(10), points: 1, firstSolve: false, failures: 0 },
      b: { solvedAt: at(20), points: 1, firstSolve: false, failures: 0 },
      c: { solvedAt: null, points: 0, firstSolve: false, failures: 0 },
    });
    expect(standingOf(result, "fay").lastScoredAt).toBeNull();
    expect(result.stages).toEqual([
      { slug: "a", title: "A", value: 1, solves: 4, firstSolver: "usr_cat" },
      { slug: "b", title: "B", value: 1, solves: 4, firstSolver: "usr_cat" },
      { slug: "c", title: "C", value: 1, solves: 1, firstSolver: "usr_cat" },
    ]);
  });

  it("ignores facts about unknown users and unknown stages", () => {
    const noise = [fact("ghost", "a", 0), fact("ghost", "c", 0), fact("ann", "nope", 0), fact("cat", "zzz", 0)];
    const clean = computeStandings(jam({ participants, solves }));
    const noisy = computeStandings(
      jam({
        participants,
        solves: [...noise, ...solves],
        failures: noise,
        metrics: noise.map((f) => ({ ...f, value: 1 })),
      }),
    );
    expect(noisy).toEqual(clean); // the ghost's earlier solve of `a` neither counts as a solve nor steals the first solve
  });

  it("freeze: solves at or after the cutoff do not count", () => {
    const result = computeStandings(jam({ participants, solves, cutoff: at(20) }));
    expect(board(result).slice(0, 4)).toEqual([
      [1, "cat", 2], // c at 30 is after the freeze
      [2, "bob", 1], // b at 20 is exactly the cutoff: not counted; a at 5
      [3, "ann", 1], // a at 10
      [4, "dan", 1], // a at 15
    ]);
    expect(result.stages.map((s) => s.solves)).toEqual([4, 1, 0]);
  });
});

describe("stages mode with an ICPC penalty", () => {
  const participants = [person("eve", 5), person("dan", 4), person("cat", 3), person("bob", 2), person("ann", 1)];
  const solves = [
    ...[fact("ann", "a", 10.5), fact("ann", "b", 50)],
    ...[fact("bob", "a", 5), fact("bob", "b", 65)],
    fact("cat", "a", 20),
    ...[fact("dan", "a", 30), fact("dan", "b", 50)],
  ];
  const failures = [
    fact("ann", "a", 5), // before the solve: +20
    fact("ann", "a", 10.5), // same millisecond as the solve: not before it
    ...[fact("ann", "a", 30), fact("ann", "a", 40)], // after the solve: free
    ...[fact("cat", "a", 1), fact("cat", "a", 2), fact("cat", "a", 3)], // +60
    ...[fact("cat", "b", 40), fact("cat", "b", 45)], // b unsolved: shown, but no penalty
    fact("eve", "a", 7),
  ];
  const options = { penalty: { minutesPerFailure: 20 } };

  it("ranks by stages solved, then penalty minutes, then the earlier last solve", () => {
    const result = computeStandings(jam({ participants, solves, failures, options }));
    expect(result.standings.map((s) => [s.rank, s.username, s.score, s.penaltyMinutes])).toEqual([
      [1, "bob", 2, 70], // 5 + 65; its last solve (65) is later than ann's, but the penalty decides first
      [2, "ann", 2, 80], // floor(10.5) + 1×20 + 50
      [2, "dan", 2, 80], // 30 + 50: same penalty and same last solve (50) as ann
      [4, "cat", 1, 80], // 20 + 3×20
      [5, "eve", 0, 0],
    ]);
    expect(standingOf(result, "ann").stages["a"]!.failures).toBe(1);
    expect(standingOf(result, "cat").stages["b"]).toEqual({
      solvedAt: null,
      points: 0,
      firstSolve: false,
      failures: 2,
    });
  });

  it("freeze: failures and solves at or after the cutoff do not count", () => {
    const result = computeStandings(jam({ participants, solves, failures, options, cutoff: at(3) }));
    // only cat's failures at 1 and 2 are before the freeze; nobody has solved anything
    expect(board(result).map(([rank]) => rank)).toEqual([1, 1, 1, 1, 1]);
    expect(standingOf(result, "cat").stages["a"]!.failures).toBe(2);
  });
});

describe("points mode", () => {
  const participants = [
    person("ann", 1),
    person("bob", 2),
    person("cat", 3),
    person("dan", 3),
    person("eve", 5),
    person("fay", 6),
    person("gus", 7),
  ];

  it("sums stage points and first-solve bonuses; ties on time go to the earlier joiner, then the username", () => {
    const solves = [
      ...[fact("ann", "a", 10), fact("ann", "b", 35)], // a first (tie with bob at 10, ann joined first): 150 + 200
      ...[fact("bob", "a", 10), fact("bob", "c", 20)], // 100 + c first: 350
      fact("cat", "b", 30), // b first (tie with dan at 30, same joinedAt, "cat" < "dan"): 250
      ...[fact("dan", "b", 30), fact("dan", "a", 40)], // 200 + 100, last at 40
      fact("eve", "c", 25), // 300, last at 25
      ...[fact("gus", "a", 15), fact("gus", "b", 40)], // 100 + 200, last at 40: same as dan
    ];
    // Listed newest first, so that the input order cannot be what settles the ties.
    const reversed = [...participants].reverse();
    const result = computeStandings(
      jam({ mode: "points", options: { firstSolveBonus: 50 }, participants: reversed, solves }),
    );
    expect(board(result)).toEqual([
      [1, "bob", 450],
      [2, "ann", 350],
      [3, "eve", 300], // 300 at 25 beats 300 at 40
      [4, "dan", 300],
      [4, "gus", 300],
      [6, "cat", 250],
      [7, "fay", 0],
    ]);
    expect(standingOf(result, "ann").stages["a"]).toEqual({
      solvedAt: at(10),
      points: 150,
      firstSolve: true,
      failures: 0,
    });
    expect(standingOf(result, "bob").stages["a"]).toEqual({
      solvedAt: at(10),
      points: 100,
      firstSolve: false,
      failures: 0,
    });
    expect(result.stages).toEqual([
      { slug: "a", title: "A", value: 100, solves: 4, firstSolver: "usr_ann" },
      { slug: "b", title: "B", value: 200, solves: 4, firstSolver: "usr_cat" },
      { slug: "c", title: "C", value: 300, solves: 2, firstSolver: "usr_bob" },
    ]);
  });

  it("linear decay: every solver gets the current value; a freeze computes it from earlier solves only", () => {
    const options = { decay: { function: "linear", initial: 100, decay: 10, minimum: 50 } } as const;
    const solves = [
      ...[fact("ann", "a", 10), fact("ann", "b", 15)],
      fact("bob", "a", 20),
      fact("dan", "a", 25),
      fact("cat", "a", 30),
    ];
    // a: 4 solvers → 100 − 10×3 = 70 each (the stage's own 100 points are replaced by the decay); b: 1 solver → 100
    const live = computeStandings(jam({ mode: "points", options, participants: participants.slice(0, 4), solves }));
    expect(board(live)).toEqual([
      [1, "ann", 170],
      [2, "bob", 70], // 70 at 20
      [3, "dan", 70], // 70 at 25
      [4, "cat", 70], // 70 at 30
    ]);
    expect(live.stages.map((s) => [s.value, s.solves])).toEqual([
      [70, 4],
      [100, 1],
      [100, 0],
    ]);
    // frozen at 25: a has 2 solvers (dan's at exactly 25 is out) → 100 − 10 = 90
    const frozen = computeStandings(
      jam({ mode: "points", options, participants: participants.slice(0, 4), solves, cutoff: at(25) }),
    );
    expect(board(frozen)).toEqual([
      [1, "ann", 190],
      [2, "bob", 90],
      [3, "cat", 0],
      [3, "dan", 0],
    ]);
    expect(frozen.stages[0]).toMatchObject({ value: 90, solves: 2 });
  });

  it("parabolic decay: 11 solvers of 500 → 100 over 20 are worth 500 − 10² = 400 each", () => {
    const many = Array.from({ length: 11 }, (_, i) => person(`p${String(i).padStart(2, "0")}`, i));
    const solves = many.map((p, i) => fact(p.username, "a", i));
    const options = { decay: { function: "parabolic", initial: 500, decay: 20, minimum: 100 } } as const;
    const result = computeStandings(jam({ mode: "points", options, participants: many, solves }));
    expect(result.stages[0]).toMatchObject({ value: 400, solves: 11, firstSolver: "usr_p00" });
    expect(result.standings.map((s) => s.score)).toEqual(Array(11).fill(400));
    expect(result.standings.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // by solve time
  });
});

describe("metric mode", () => {
  const participants = [person("ann", 1), person("bob", 2), person("cat", 3), person("dan", 4), person("eve", 5)];
  const stages = [
    stage("hello", 100),
    { ...stage("speed", 300), metric: { name: "p99 latency", unit: "ms", better: "lower" as const } },
    { ...stage("thru", 200), metric: { name: "throughput", unit: "ops/s", better: "higher" as const } },
  ];

  it("awards metric stages by rank, equal values sharing a rank, and scores other stages as points", () => {
    const solves = [
      ...["ann", "bob", "cat", "dan"].map((name, i) => fact(name, "hello", i + 1)), // 100 each
      ...["ann", "bob", "cat", "dan"].map((name, i) => fact(name, "speed", i + 10)),
      ...["ann", "bob", "cat", "dan"].map((name, i) => fact(name, "thru", i + 30)),
    ];
    const metrics = [
      // speed, lower is better. Best: ann 40 (at 20), bob 40, cat 90; dan passed but has no value; n = 3
      // ranks 1, 1, 3 → round(300 × 3/3) = 300, 300, round(300 × 1/3) = 100
      ...[metric("ann", "speed", 50, 10), metric("ann", "speed", 40, 20), metric("ann", "speed", 45, 22)],
      metric("ann", "speed", 40, 25), // equal to the best: the best stays recorded at 20
      metric("bob", "speed", 40, 15),
      metric("cat", "speed", 90, 12),
      metric("eve", "speed", 1, 12), // eve never passed speed: ignored
      // thru, higher is better. Best: bob 3000, cat 2000, dan 2000 (at 40), ann 1000; n = 4
      // ranks 1, 2, 2, 4 → 200 × 4/4 = 200, 200 × 3/4 = 150, 150, 200 × 1/4 = 50
      ...[metric("ann", "thru", 1000, 30), metric("bob", "thru", 3000, 31), metric("cat", "thru", 2000, 32)],
      ...[metric("dan", "thru", 1500, 35), metric("dan", "thru", 2000, 40)],
    ];
    const result = computeStandings(jam({ mode: "metric", stages, participants, solves, metrics }));
    expect(result.standings.map((s) => [s.rank, s.username, s.score, s.stagesCompleted, s.lastScoredAt])).toEqual([
      [1, "bob", 600, 3, at(31)], // 100 + 300 + 200
      [2, "ann", 450, 3, at(30)], // 100 + 300 + 50
      [3, "cat", 350, 3, at(32)], // 100 + 100 + 150
      [4, "dan", 250, 3, at(40)], // 100 + 0 + 150, thru's best recorded at 40
      [5, "eve", 0, 0, null],
    ]);
    expect(standingOf(result, "ann").stages["speed"]).toEqual({
      solvedAt: at(10),
      points: 300,
      firstSolve: true,
      failures: 0,
      metric: { value: 40, rank: 1 },
    });
    expect(standingOf(result, "dan").stages["speed"]).toEqual({
      solvedAt: at(13),
      points: 0,
      firstSolve: false,
      failures: 0,
    });
    expect(standingOf(result, "dan").stages["thru"]!.metric).toEqual({ value: 2000, rank: 2 });
    expect(result.stages.map((s) => [s.slug, s.value, s.solves])).toEqual([
      ["hello", 100, 4],
      ["speed", 300, 4],
      ["thru", 200, 4],
    ]);
  });

  it("breaks a tie with the time the best value was recorded, not the time of the solve", () => {
    const solves = [fact("ann", "speed", 5), fact("bob", "speed", 30)];
    const metrics = [metric("ann", "speed", 10, 50), metric("bob", "speed", 10, 40)];
    const result = computeStandings(
      jam({ mode: "metric", stages, participants: participants.slice(0, 2), solves, metrics }),
    );
    expect(result.standings.map((s) => [s.rank, s.username, s.score, s.lastScoredAt])).toEqual([
      [1, "bob", 300, at(40)],
      [2, "ann", 300, at(50)],
    ]);
  });

  it("gives the first-solve bonus on metric stages too, and ignores metric values from after the freeze", () => {
    const solves = [fact("ann", "speed", 5), fact("bob", "speed", 6)];
    const metrics = [metric("ann", "speed", 20, 5), metric("bob", "speed", 30, 6), metric("bob", "speed", 10, 60)];
    const input = jam({ mode: "metric", stages, participants: participants.slice(0, 2), solves, metrics });
    const frozen = computeStandings({ ...input, options: { firstSolveBonus: 25 }, cutoff: at(60) });
    // ann 20 → rank 1: 300 + 25; bob 30 → rank 2: round(300 × 1/2) = 150
    expect(board(frozen)).toEqual([
      [1, "ann", 325],
      [2, "bob", 150],
    ]);
    const live = computeStandings({ ...input, options: { firstSolveBonus: 25 } });
    // bob 10 → rank 1: 300; ann → rank 2: 150 + 25
    expect(board(live)).toEqual([
      [1, "bob", 300],
      [2, "ann", 175],
    ]);
  });
});
