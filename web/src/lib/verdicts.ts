// Verdict words, as the terminal says them (packages/contracts/src/verdicts.ts).
export const VERDICT_LABELS: Record<string, string> = {
  passed: "passed",
  failed: "wrong behaviour",
  compile_error: "build failed",
  timeout: "time limit exceeded",
  memory_limit: "memory limit exceeded",
  output_limit: "output limit exceeded",
  crashed: "crashed",
  internal_error: "internal error (not your fault; it will not count against you)",
  queued: "queued",
  running: "running",
};

export const verdictLabel = (status: string) => VERDICT_LABELS[status] ?? status.replace(/_/g, " ");

export function verdictTone(status: string): "ok" | "bad" | "pending" | "neutral" {
  if (status === "passed") return "ok";
  if (status === "queued" || status === "running") return "pending";
  if (status === "internal_error") return "neutral";
  return "bad";
}
