// The shapes the bsod HTTP API answers with (docs/api.md), as the web app reads them. The board
// and its read models are declared once in @bsod/contracts/api-types, shared with the api.
import type { ActivityItem, JamPhase, ScoringMode, ScoringOptions } from "@bsod/contracts/api-types";
import type { Verdict } from "@bsod/contracts/verdict-labels";

export type {
  ActivityItem,
  Board,
  BoardCell,
  BoardEntry,
  BoardStage,
  JamPhase,
  LeaderboardPage,
  ProgressSeries,
  RevealEntryPatch,
  RevealStagePatch,
  RevealStep,
  RevealView,
  ScoringMode,
  ScoringOptions,
  StageStat,
} from "@bsod/contracts/api-types";
export type { Verdict } from "@bsod/contracts/verdict-labels";

export type Role = "participant" | "organizer";

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export type UnlockSchedule =
  | { mode: "all" }
  | { mode: "interval"; everyMs: number }
  | { mode: "times"; times: number[] };

export interface JamView {
  slug: string;
  title: string;
  description: string;
  track: string;
  phase: JamPhase;
  paused: boolean;
  registrationOpensAt: number | null;
  startsAt: number;
  endsAt: number;
  freezeAt: number | null;
  revealedAt: number | null;
  lateRegistration: boolean;
  unlock: UnlockSchedule;
  scoring: { mode: ScoringMode; options: ScoringOptions };
}

export interface JamStage {
  slug: string;
  title: string;
  difficulty: string;
  points: number;
  position: number;
  unlocksAt: number | null;
  locked: boolean;
}

export interface JamDetail extends JamView {
  languages: string[];
  stages: JamStage[];
}

/** A line of the activity feed: an item GET /activity answered, or one from the live stream, which
 * also says who joined. */
export interface FeedItem extends Omit<ActivityItem, "kind"> {
  kind: ActivityItem["kind"] | "joined";
}

export interface Announcement {
  id: string;
  body: string;
  createdAt: number;
}

export interface StageDetail {
  slug: string;
  title: string;
  position: number;
  difficulty: string;
  points: number;
  readme: string;
  locked: boolean;
  unlocksAt: number | null;
}

export type SubmissionStatus = "queued" | "running" | Verdict | string;

export interface SubmissionRow {
  id: string;
  commit: string;
  status: SubmissionStatus;
  counted: boolean;
  createdAt: number;
  finishedAt: number | null;
  username?: string;
  attempt?: number;
  failedStage?: string | null;
}

export interface StageResult {
  slug: string;
  status: Verdict;
  durationMs: number;
  message?: string;
  hint?: string;
  metric?: { name: string; value: number; unit: string; better: "lower" | "higher" };
}

export interface RunResult {
  version: 1;
  status: Verdict;
  build: { status: string; durationMs: number; message?: string };
  stages: StageResult[];
}

export interface Submission {
  id: string;
  /** The jam it was pushed to (absent from list rows). */
  jam?: { slug: string; title: string } | null;
  commit: string;
  language: string;
  status: SubmissionStatus;
  stages: string[];
  counted: boolean;
  createdAt: number;
  finishedAt: number | null;
  result: RunResult | null;
}

type RunBase = { seq: number; at: number };
export type RunEvent = RunBase &
  (
    | { type: "run.queued"; stages: string[] }
    | { type: "run.started"; attempt: number; worker: string }
    | { type: "build.log"; line: string }
    | { type: "build.finished"; status: string; durationMs: number; message?: string }
    | { type: "stage.started"; slug: string; index: number; title?: string }
    | { type: "stage.log"; slug: string; source: "build" | "harness" | "program"; line: string }
    | { type: "stage.passed"; slug: string; durationMs: number; metric?: StageResult["metric"] }
    | { type: "stage.failed"; slug: string; status: Verdict; durationMs: number; message: string; hint?: string }
    | { type: "run.finished"; status: Verdict; result: RunResult }
  );

type JamBase = { seq: number; at: number };
export type JamEvent = JamBase &
  (
    | { type: "leaderboard.changed"; version: number }
    | {
        type: "activity";
        kind: "stage.passed" | "joined";
        username: string;
        displayName: string;
        stage?: { slug: string; title: string; position: number };
        text: string;
      }
    | { type: "announcement"; id: string; body: string }
    | { type: "stage.unlocked"; stage: { slug: string; title: string; position: number } }
    | { type: "jam.phase"; phase: JamPhase; paused: boolean }
  );

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  prioritized: number;
}

export interface QueueHealth {
  grade: QueueCounts;
  results: QueueCounts;
  workers: number;
}

/** What the last load of the tracks folder found (GET /admin/tracks, POST /admin/tracks/reload). */
export interface TrackLoadReport {
  at: number;
  loaded: Array<{ slug: string; stages: number }>;
  failed: Array<{ folder: string; problems: Array<{ file: string; line: number; message: string }> }>;
}

export interface QueueJob {
  id: string;
  submissionId: string;
  attempt: number;
  username: string | null;
  jam: string | null;
  counted: boolean | null;
  submissionStatus: string | null;
  queuedAt: number;
  startedAt: number | null;
  failedReason: string | null;
  tries: number;
}

export interface TrackSummary {
  slug: string;
  title: string;
  summary: string;
  languages: string[];
  stages: number;
}

export interface TrackDetail {
  slug: string;
  title: string;
  summary: string;
  languages: string[];
  stages: Array<{
    slug: string;
    title: string;
    position: number;
    difficulty: string;
    points: number;
    readme: string;
    metric?: { name: string; unit: string; better: string };
  }>;
}

export interface TokenRow {
  id: string;
  name: string;
  /** "session": a browser's sign-in; "personal": the CLI's, git tokens, scripts'. */
  kind: "session" | "personal";
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  active: boolean;
}

/** One organizer action from the audit log. */
export interface AuditEntry {
  id: string;
  at: number;
  actor: { id: string; username: string };
  action: string;
  jam: string | null;
  target: string | null;
  details: Record<string, unknown>;
}
