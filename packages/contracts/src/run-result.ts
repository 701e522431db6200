// The outcome of grading one submission, as returned by a worker.
import { z } from "zod";
import { Verdict } from "./verdicts.ts";

export const Metric = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  better: z.enum(["lower", "higher"]),
});
export type Metric = z.infer<typeof Metric>;

export const BuildStatus = z.enum([
  "passed",
  "compile_error",
  "timeout",
  "memory_limit",
  "output_limit",
  "internal_error",
  "skipped",
]);
export type BuildStatus = z.infer<typeof BuildStatus>;

export const StageResult = z.object({
  slug: z.string(),
  status: Verdict,
  durationMs: z.number().int().nonnegative(),
  message: z.string().optional(),
  hint: z.string().optional(),
  metric: Metric.optional(),
});
export type StageResult = z.infer<typeof StageResult>;

export const RunResult = z.object({
  version: z.literal(1),
  status: Verdict,
  build: z.object({
    status: BuildStatus,
    durationMs: z.number().int().nonnegative(),
    message: z.string().optional(),
  }),
  /** Stages in the order they ran; stages after the first failure are absent. */
  stages: z.array(StageResult),
});
export type RunResult = z.infer<typeof RunResult>;

/** The overall verdict: the first non-passing stage's, or the build's. */
export function overallStatus(build: RunResult["build"], stages: StageResult[]): Verdict {
  if (build.status !== "passed" && build.status !== "skipped") return build.status;
  const bad = stages.find((s) => s.status !== "passed");
  return bad ? bad.status : "passed";
}
