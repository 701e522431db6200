// The inputs and outputs of computeStandings (standings.ts): a jam's raw facts in, ranked standings out.
// The rules are written up in docs/scoring.md.

import type { DecayOptions, ScoringMode, ScoringOptions } from "@bsod/contracts/api-types";

export type { DecayOptions, ScoringMode, ScoringOptions };

export interface ScoringStage {
  slug: string;
  title: string;
  points: number;
  metric?: { name: string; unit: string; better: "lower" | "higher" };
}

export interface ScoringParticipant {
  userId: string;
  username: string;
  displayName: string;
  joinedAt: number;
}

export interface ScoringInput {
  mode: ScoringMode;
  options: ScoringOptions;
  /** epoch ms */
  startsAt: number;
  /** Freeze: when set, only facts with at < cutoff count (solves, failures, metrics), and decayed values are computed from solves before the cutoff. */
  cutoff?: number;
  stages: ScoringStage[];
  participants: ScoringParticipant[];
  /** Every passing of a stage by a participant (the function keeps the earliest per (user, stage)). */
  solves: Array<{ userId: string; stageSlug: string; at: number }>;
  /** Counted submissions whose first non-passing stage was stageSlug. */
  failures: Array<{ userId: string; stageSlug: string; at: number }>;
  /** Metric values from passing runs of metric stages (the function keeps the best per (user, stage) per `better`). */
  metrics: Array<{ userId: string; stageSlug: string; value: number; at: number }>;
}

export interface StageStanding {
  solvedAt: number | null;
  /** Points this stage adds to the score (first-solve bonus included; 1 per solved stage in `stages` mode). */
  points: number;
  firstSolve: boolean;
  /** Failed attempts before the solve (all of them while unsolved). */
  failures: number;
  /** metric mode, metric stages, participants with a value. */
  metric?: { value: number; rank: number };
}

export interface Standing {
  rank: number;
  userId: string;
  username: string;
  displayName: string;
  /** stages mode: stages solved; points/metric: total points */
  score: number;
  stagesCompleted: number;
  /** time of the last solve (or metric improvement) that raised the score */
  lastScoredAt: number | null;
  /** only with options.penalty (in `stages` mode) */
  penaltyMinutes?: number;
  stages: Record<string, StageStanding>;
}

export interface StageSummary {
  slug: string;
  title: string;
  /** What solving the stage is worth now: 1 in `stages` mode, the (decayed) value in points mode, the top rank's points for a metric stage. */
  value: number;
  solves: number;
  /** userId */
  firstSolver: string | null;
}

export interface ScoringResult {
  stages: StageSummary[];
  standings: Standing[];
}
