// The submission tables, and the codec of each JSON text column they hold.
import { RunResult, type Verdict } from "@bsod/contracts";
import type { Insertable, Selectable } from "kysely";
import { z } from "zod";
import { jsonColumn } from "../json-column.ts";

export type SubmissionStatus = "queued" | "running" | Verdict;

export interface SubmissionsTable {
  id: string;
  jam_id: string;
  user_id: string;
  commit_sha: string;
  ref: string;
  language: string;
  /** JSON {image, build, run}: how this submission is built and started. */
  runner: string;
  status: SubmissionStatus;
  /** JSON array of the stage slugs graded. */
  stages: string;
  /** 1 while counting toward the leaderboard; 0 for `bsod test` runs. */
  counted: number;
  /** The grading attempt requested (rejudges increment it). */
  attempt: number;
  /** The attempt whose result is recorded; 0 until one is. */
  judged_attempt: number;
  /** JSON RunResult, once judged. */
  result: string | null;
  /** The first stage that did not pass in the recorded result (null when all passed). */
  failed_stage: string | null;
  created_at: number;
  finished_at: number | null;
}
export type Submission = Selectable<SubmissionsTable>;
export type NewSubmission = Insertable<SubmissionsTable>;

/** How a submission is built and started (the `runner` column). */
export const SubmissionRunner = z.object({ image: z.string(), build: z.string().nullable(), run: z.string() });
export type SubmissionRunner = z.infer<typeof SubmissionRunner>;

/** The JSON columns of a submission: `encode` for writing, `decode(text, id)` for reading. */
export const submissionColumns = {
  runner: jsonColumn("submissions", "runner", SubmissionRunner),
  stages: jsonColumn("submissions", "stages", z.array(z.string())),
  result: jsonColumn("submissions", "result", RunResult),
};

/** The submission's build and run commands. */
export function runnerOf(sub: Pick<Submission, "id" | "runner">): SubmissionRunner {
  return submissionColumns.runner.decode(sub.runner, sub.id);
}

/** The stage slugs the submission is graded on. */
export function stagesOf(sub: Pick<Submission, "id" | "stages">): string[] {
  return submissionColumns.stages.decode(sub.stages, sub.id);
}

/** The recorded result, or null until the submission is judged. */
export function resultOf(sub: Pick<Submission, "id" | "result">): RunResult | null {
  return sub.result === null ? null : submissionColumns.result.decode(sub.result, sub.id);
}

export interface StageCompletionsTable {
  jam_id: string;
  user_id: string;
  stage_slug: string;
  submission_id: string;
  completed_at: number;
}
export type StageCompletion = Selectable<StageCompletionsTable>;

/**
 * A push to main that pre-receive accepted, written before git moves the ref and deleted once
 * post-receive has turned it into a submission (or said why not): one left behind means the api
 * died in between, and the reconciler records the push from the repository.
 */
export interface PushIntentsTable {
  jam_id: string;
  user_id: string;
  commit_sha: string;
  ref: string;
  /** The api process that accepted it: only a process that is gone leaves its intents for repair. */
  api_instance: string;
  created_at: number;
}

/** Every result ever recorded for a submission: rejudges keep the history. */
export interface JudgementsTable {
  submission_id: string;
  attempt: number;
  status: string;
  result: string;
  worker: string;
  recorded_at: number;
}

export interface StageMetricsTable {
  jam_id: string;
  user_id: string;
  stage_slug: string;
  submission_id: string;
  value: number;
  recorded_at: number;
}
