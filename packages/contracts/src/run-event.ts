// Run events: the typed lines of a run's live log, appended to a Redis stream per run.
// Every reader (git push, CLI, browser) sees the same sequence; `seq` is the SSE id.
import { z } from "zod";
import { BuildStatus, Metric, RunResult } from "./run-result.ts";
import { Verdict } from "./verdicts.ts";

const base = { seq: z.number().int().positive(), at: z.number().int() };

export const LogSource = z.enum(["build", "harness", "program"]);
export type LogSource = z.infer<typeof LogSource>;

export const RunEvent = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("run.queued"), stages: z.array(z.string()) }),
  z.object({ ...base, type: z.literal("run.started"), attempt: z.number().int(), worker: z.string() }),
  z.object({ ...base, type: z.literal("build.log"), line: z.string() }),
  z.object({
    ...base,
    type: z.literal("build.finished"),
    status: BuildStatus,
    durationMs: z.number().int().nonnegative(),
    message: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("stage.started"),
    slug: z.string(),
    index: z.number().int().nonnegative(),
    title: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal("stage.log"), slug: z.string(), source: LogSource, line: z.string() }),
  z.object({
    ...base,
    type: z.literal("stage.passed"),
    slug: z.string(),
    durationMs: z.number().int().nonnegative(),
    metric: Metric.optional(),
  }),
  z.object({
    ...base,
    type: z.literal("stage.failed"),
    slug: z.string(),
    status: Verdict,
    durationMs: z.number().int().nonnegative(),
    message: z.string(),
    hint: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal("run.finished"), status: Verdict, result: RunResult }),
]);
export type RunEvent = z.infer<typeof RunEvent>;
export type RunEventType = RunEvent["type"];

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
/** A run event before the stream assigns it a sequence number and a time. */
export type NewRunEvent = DistributiveOmit<RunEvent, "seq" | "at">;

/** Max log lines kept per run before the stream says the rest was cut. */
export const RUN_LOG_MAX_EVENTS = 5_000;
/** Max length of one log line in a run event. */
export const RUN_LOG_MAX_LINE = 2_000;
