import { verdictLabel, verdictTone } from "../lib/verdicts.ts";

export function VerdictBadge({ status }: { status: string }) {
  return (
    <span className={`verdict ${verdictTone(status)}`} data-status={status}>
      {verdictLabel(status)}
    </span>
  );
}
