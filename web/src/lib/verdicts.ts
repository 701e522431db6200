// Verdict words, as the terminal says them, plus the two states a run passes through first.
import { VERDICT_LABELS } from "@bsod/contracts/verdict-labels";

const STATUS_LABELS: Record<string, string> = {
  ...VERDICT_LABELS,
  queued: "queued",
  running: "running",
};

export const verdictLabel = (status: string) => STATUS_LABELS[status] ?? status.replace(/_/g, " ");

export function verdictTone(status: string): "ok" | "bad" | "pending" | "neutral" {
  if (status === "passed") return "ok";
  if (status === "queued" || status === "running") return "pending";
  if (status === "internal_error") return "neutral";
  return "bad";
}
