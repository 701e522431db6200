import { verdictLabel, verdictTone } from "../lib/verdicts.ts";
import "./verdict-badge.css";

export function VerdictBadge({ status }: { status: string }) {
  return (
    <span className={`verdict ${verdictTone(status)}`} data-status={status}>
      {verdictLabel(status)}
    </span>
  );
}
