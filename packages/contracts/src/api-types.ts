// The shapes the api answers with around a jam's board (docs/api.md), shared by the api that
// builds them and the web app that reads them. Types only: the browser imports this file, so it
// must stay free of zod, node and any runtime code.

export type JamPhase = "draft" | "registration" | "running" | "frozen" | "finished";
export type ScoringMode = "stages" | "points" | "metric";

/** CTFd dynamic scoring: a stage's value falls with the number of its solvers. */
export interface DecayOptions {
  function: "linear" | "parabolic";
  initial: number;
  decay: number;
  minimum: number;
}

/** A jam's scoring options (docs/scoring.md); contracts' zod schema `ScoringOptions` checks them. */
export interface ScoringOptions {
  /** points mode: stage values decay with the number of solvers. Without it a stage is worth its `points`. */
  decay?: DecayOptions;
  /** points/metric modes: extra points to the first solver of each stage. */
  firstSolveBonus?: number;
  /**
   * ICPC-style: rank by stages solved, then by penalty time = Σ over solved stages (minutes from
   * startsAt to the solve, floored) + minutesPerFailure × failed attempts at that stage before its
   * solve. Valid with mode "stages".
   */
  penalty?: { minutesPerFailure: number };
}

/** What a metric stage measures, and which way is better. */
export interface StageMetric {
  name: string;
  unit: string;
  better: "lower" | "higher";
}

/** `public` respects the freeze; `live` (organizers only) does not. */
export type BoardView = "public" | "live";

export interface BoardStage {
  slug: string;
  title: string;
  position: number;
  /** What solving the stage is worth now. */
  value: number;
  solves: number;
  /** username */
  firstSolver: string | null;
  unlocksAt: number | null;
  locked: boolean;
  metric?: StageMetric;
}

/** One participant's result on one stage. */
export interface BoardCell {
  solvedAt: number | null;
  /** Points this stage adds to the score (first-solve bonus included; 1 per solved stage in `stages` mode). */
  points: number;
  firstSolve: boolean;
  /** Failed attempts before the solve (all of them while unsolved). */
  failures: number;
  /** metric mode, metric stages, participants with a value. */
  metric?: { value: number; rank: number };
  /** Frozen public board only: tries at or after the freeze (not solved before it), their results hidden until the reveal. */
  pending?: number;
}

export interface BoardEntry {
  rank: number;
  /** stages mode: stages solved; points/metric: total points */
  score: number;
  stagesCompleted: number;
  /** time of the last solve (or metric improvement) that raised the score */
  lastScoredAt: number | null;
  /** only with options.penalty (in `stages` mode) */
  penaltyMinutes?: number;
  user: { username: string; displayName: string };
  hidden?: boolean;
  /** Only the stages with something to show (solved, attempted, or with a metric). */
  stages: Record<string, BoardCell>;
}

export interface Board {
  jam: {
    slug: string;
    title: string;
    track: string;
    phase: JamPhase;
    paused: boolean;
    scoring: { mode: ScoringMode; options: ScoringOptions };
    frozen: boolean;
    freezeAt: number | null;
    view: BoardView;
  };
  stages: BoardStage[];
  total: number;
  entries: BoardEntry[];
}

/** GET /jams/:slug/leaderboard: the board with `entries` cut to one page. */
export interface LeaderboardPage extends Board {
  offset: number;
  limit: number;
}

/** GET /jams/:slug/stats, one per stage. */
export interface StageStat {
  slug: string;
  title: string;
  position: number;
  solves: number;
  /** Counted submissions that ran this stage (passed it or stopped at it). */
  attempts: number;
  /** Median milliseconds from the later of the jam start and joining, to the solve. */
  medianTimeToSolveMs: number | null;
}

/** GET /jams/:slug/activity, newest first. */
export interface ActivityItem {
  kind: "stage.passed" | "announcement";
  at: number;
  text: string;
  username?: string;
  stage?: { slug: string; title: string; position: number };
}

/** GET /jams/:slug/progress: one leader's score over time, as [epoch ms, score] steps. */
export interface ProgressSeries {
  username: string;
  displayName: string;
  points: Array<[number, number]>;
}

/** A row after a reveal step: what to merge into the entry of `username` (only the cells that changed). */
export interface RevealEntryPatch {
  username: string;
  /** 0-based place on the board after the step. */
  position: number;
  score: number;
  stagesCompleted: number;
  lastScoredAt: number | null;
  penaltyMinutes?: number;
  stages: Record<string, BoardCell>;
}

/** A stage summary changed by a reveal step. */
export type RevealStagePatch = Pick<BoardStage, "slug" | "value" | "solves" | "firstSolver">;

/** Where the revealed participant stood, before and after a step. */
export interface RevealPlace {
  rank: number;
  score: number;
  /** 0-based row on the board. */
  position: number;
}

/** One solve after the freeze, revealed (the order is in docs/scoring.md, the way to apply it in docs/api.md). */
export interface RevealStep {
  username: string;
  displayName: string;
  /** The stage's slug. */
  stage: string;
  before: RevealPlace;
  after: RevealPlace;
  /** Every row whose content changed, the revealed participant's first. */
  entries: RevealEntryPatch[];
  /**
   * The ranks of positions `from`…`to` (inclusive) after the step, absent when no rank changed: a
   * position's rank is position + 1, unless it lies in one of the `shared` runs ([first position, count]),
   * where it has the rank of the position above it.
   */
  ranks?: { from: number; to: number; shared: Array<[number, number]> };
  stages: RevealStagePatch[];
}

/** GET /jams/:slug/reveal: the board as frozen, the board in the end, and the steps between them. */
export interface RevealView {
  revealedAt: number | null;
  frozen: Board;
  final: Board;
  steps: RevealStep[];
}
