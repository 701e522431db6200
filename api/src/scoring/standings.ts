// Turns a jam's raw facts (solves, failures, metric values) into ranked standings. Pure and
// deterministic: the leaderboard reads the facts from the database and hands them over.
// The rules, with a worked example per mode, are in docs/scoring.md.
import { decayedValue } from "./decay.ts";
import type {
  ScoringInput,
  ScoringParticipant,
  ScoringResult,
  ScoringStage,
  StageStanding,
  StageSummary,
  Standing,
} from "./types.ts";

const MINUTE_MS = 60_000;

interface Row {
  participant: ScoringParticipant;
  score: number;
  stagesCompleted: number;
  lastScoredAt: number | null;
  penaltyMinutes: number;
  stages: Record<string, StageStanding>;
}

export function computeStandings(input: ScoringInput): ScoringResult {
  const { mode, options, cutoff } = input;
  const counts = (at: number) => Number.isFinite(at) && (cutoff === undefined || at < cutoff);
  const stages = firstOfEach(input.stages, (s) => s.slug);
  const people = firstOfEach(input.participants, (p) => p.userId);
  const S = stages.length;
  const P = people.length;
  const stageIndex = new Map(stages.map((s, i) => [s.slug, i]));
  const userIndex = new Map(people.map((p, i) => [p.userId, i]));
  // Facts live in dense (participant × stage) arrays at u * S + s; -1 means an unknown user or stage.
  const cellOf = (fact: { userId: string; stageSlug: string }) => {
    const u = userIndex.get(fact.userId);
    const s = stageIndex.get(fact.stageSlug);
    return u === undefined || s === undefined ? -1 : u * S + s;
  };

  const solvedAt = new Float64Array(P * S).fill(Number.NaN); // NaN: not solved
  for (const solve of input.solves) {
    const k = cellOf(solve);
    if (k < 0 || !counts(solve.at)) continue;
    const t = solvedAt[k]!;
    if (Number.isNaN(t) || solve.at < t) solvedAt[k] = solve.at;
  }

  // Only attempts before the solve count (toward the penalty and the displayed count).
  const failures = new Uint32Array(P * S);
  for (const failure of input.failures) {
    const k = cellOf(failure);
    if (k < 0 || !counts(failure.at)) continue;
    const t = solvedAt[k]!;
    if (Number.isNaN(t) || failure.at < t) failures[k] = failures[k]! + 1;
  }

  const solvers = new Uint32Array(S);
  const firstSolver = new Int32Array(S).fill(-1);
  for (let u = 0; u < P; u++) {
    for (let s = 0; s < S; s++) {
      const t = solvedAt[u * S + s]!;
      if (Number.isNaN(t)) continue;
      solvers[s] = solvers[s]! + 1;
      const f = firstSolver[s]!;
      const tf = f < 0 ? Number.NaN : solvedAt[f * S + s]!;
      if (f < 0 || t < tf || (t === tf && compareParticipants(people[u]!, people[f]!) < 0)) firstSolver[s] = u;
    }
  }

  const isMetricStage = stages.map((st) => mode === "metric" && st.metric !== undefined);
  const value = stages.map((st, s) => {
    if (mode === "stages") return 1;
    if (isMetricStage[s] || !options.decay) return st.points;
    return decayedValue(options.decay, solvers[s]!);
  });
  const bonus = mode === "stages" ? 0 : (options.firstSolveBonus ?? 0);
  const metrics = mode === "metric" ? rankMetrics(input, stages, isMetricStage, solvedAt, cellOf, counts, P) : null;

  const usePenalty = mode === "stages" && options.penalty !== undefined;
  const minutesPerFailure = options.penalty?.minutesPerFailure ?? 0;
  /** One cell of the board; adds what it is worth to the row's totals. */
  function stageStanding(row: Row, u: number, s: number): StageStanding {
    const k = u * S + s;
    const t = solvedAt[k]!;
    if (Number.isNaN(t)) return { solvedAt: null, points: 0, firstSolve: false, failures: failures[k]! };
    const firstSolve = firstSolver[s] === u;
    const metricRank = isMetricStage[s] ? metrics!.rank[k]! : 0;
    let points = isMetricStage[s] ? (metricRank > 0 ? metrics!.points[k]! : 0) : value[s]!;
    if (firstSolve) points += bonus;
    // A metric stage scores when its best value was recorded; a solve worth nothing did not raise the score,
    // so it must not move the tie-break time.
    const scoredAt = metricRank > 0 ? metrics!.at[k]! : t;
    if (points > 0 && (row.lastScoredAt === null || scoredAt > row.lastScoredAt)) row.lastScoredAt = scoredAt;
    row.stagesCompleted++;
    row.score += points;
    row.penaltyMinutes += Math.max(0, Math.floor((t - input.startsAt) / MINUTE_MS)) + minutesPerFailure * failures[k]!;
    if (metricRank === 0) return { solvedAt: t, points, firstSolve, failures: failures[k]! };
    return {
      solvedAt: t,
      points,
      firstSolve,
      failures: failures[k]!,
      metric: { value: metrics!.value[k]!, rank: metricRank },
    };
  }

  const rows: Row[] = people.map((participant, u) => {
    const row: Row = { participant, score: 0, stagesCompleted: 0, lastScoredAt: null, penaltyMinutes: 0, stages: {} };
    for (let s = 0; s < S; s++) {
      // Plain assignment is safe: stage slugs are kebab-case (harness stage.ts), never "__proto__".
      row.stages[stages[s]!.slug] = stageStanding(row, u, s);
    }
    return row;
  });

  // Equal keys share a rank; joinedAt then username only fix the order inside a tie.
  const compareKeys = (a: Row, b: Row) =>
    b.score - a.score ||
    (usePenalty ? a.penaltyMinutes - b.penaltyMinutes : 0) ||
    compareNumbers(a.lastScoredAt ?? Number.POSITIVE_INFINITY, b.lastScoredAt ?? Number.POSITIVE_INFINITY);
  rows.sort((a, b) => compareKeys(a, b) || compareParticipants(a.participant, b.participant));

  let rank = 0;
  const standings = rows.map((row, i): Standing => {
    if (i === 0 || compareKeys(rows[i - 1]!, row) !== 0) rank = i + 1;
    const { userId, username, displayName } = row.participant;
    const standing: Standing = {
      rank,
      userId,
      username,
      displayName,
      score: row.score,
      stagesCompleted: row.stagesCompleted,
      lastScoredAt: row.lastScoredAt,
      stages: row.stages,
    };
    if (usePenalty) standing.penaltyMinutes = row.penaltyMinutes;
    return standing;
  });

  const summaries = stages.map(
    (st, s): StageSummary => ({
      slug: st.slug,
      title: st.title,
      value: value[s]!,
      solves: solvers[s]!,
      firstSolver: firstSolver[s]! >= 0 ? people[firstSolver[s]!]!.userId : null,
    }),
  );
  return { stages: summaries, standings };
}

interface MetricRanks {
  /** Best value per cell (NaN: none) and when it was first recorded. */
  value: Float64Array;
  at: Float64Array;
  /** 1-based rank among the stage's participants with a value; 0: none. */
  rank: Uint32Array;
  points: Float64Array;
}

/** Metric stages: each solver's best value, then points by rank (equal values share a rank). */
function rankMetrics(
  input: ScoringInput,
  stages: ScoringStage[],
  isMetricStage: boolean[],
  solvedAt: Float64Array,
  cellOf: (fact: { userId: string; stageSlug: string }) => number,
  counts: (at: number) => boolean,
  P: number,
): MetricRanks {
  const S = stages.length;
  const value = new Float64Array(P * S).fill(Number.NaN);
  const at = new Float64Array(P * S);
  const rank = new Uint32Array(P * S);
  const points = new Float64Array(P * S);
  for (const m of input.metrics) {
    const k = cellOf(m);
    if (k < 0 || !counts(m.at) || !Number.isFinite(m.value) || Number.isNaN(solvedAt[k]!)) continue;
    const better = stages[k % S]!.metric?.better;
    if (!isMetricStage[k % S] || better === undefined) continue;
    const best = value[k]!;
    const improves = Number.isNaN(best) || (better === "lower" ? m.value < best : m.value > best);
    if (improves || (m.value === best && m.at < at[k]!)) {
      value[k] = m.value;
      at[k] = m.at;
    }
  }
  for (let s = 0; s < S; s++) {
    const better = stages[s]!.metric?.better;
    if (!isMetricStage[s] || better === undefined) continue;
    const ranked: number[] = [];
    for (let u = 0; u < P; u++) if (!Number.isNaN(value[u * S + s]!)) ranked.push(u * S + s);
    const sign = better === "lower" ? 1 : -1;
    ranked.sort((a, b) => sign * (value[a]! - value[b]!));
    const n = ranked.length;
    let r = 0;
    ranked.forEach((k, i) => {
      if (i === 0 || value[k] !== value[ranked[i - 1]!]) r = i + 1;
      rank[k] = r;
      points[k] = Math.round((stages[s]!.points * (n - r + 1)) / n);
    });
  }
  return { value, at, rank, points };
}

function compareParticipants(a: ScoringParticipant, b: ScoringParticipant): number {
  // Code-unit order, not localeCompare: the board must not depend on the server's locale.
  return a.joinedAt - b.joinedAt || compareStrings(a.username, b.username) || compareStrings(a.userId, b.userId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Drops later duplicates (the same stage or participant listed twice). */
function firstOfEach<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    kept.push(item);
  }
  return kept;
}
