// The verdict names and their human labels, without zod, so the browser can import them
// (verdicts.ts builds the schema from the same list).

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

export type Verdict = (typeof VERDICTS)[number];

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
