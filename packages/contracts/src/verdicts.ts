// The verdicts a build or a stage can end with, named once and used everywhere.
import { z } from "zod";

export const VERDICTS = [
  "passed",
  "failed",
  "compile_error",
  "timeout",
  "memory_limit",
  "output_limit",
  "crashed",
  "internal_error",
] as const;

export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

/** Verdicts that are our fault and are never counted against a participant. */
export function isOurFault(verdict: Verdict): boolean {
  return verdict === "internal_error";
}

/** A one-line, human explanation of each verdict, for terminals and pages. */
export const VERDICT_LABELS: Record<Verdict, string> = {
  passed: "passed",
  failed: "wrong behaviour",
  compile_error: "build failed",
  timeout: "time limit exceeded",
  memory_limit: "memory limit exceeded",
  output_limit: "output limit exceeded",
  crashed: "crashed",
  internal_error: "internal error (not your fault; it will not count against you)",
};
