// The verdicts a build or a stage can end with, as a schema; their names and labels are in
// verdict-labels.ts, which the browser imports without zod.
import { z } from "zod";
import { VERDICTS } from "./verdict-labels.ts";

export { VERDICT_LABELS, VERDICTS } from "./verdict-labels.ts";

export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

/** Verdicts that are our fault and are never counted against a participant. */
export function isOurFault(verdict: Verdict): boolean {
  return verdict === "internal_error";
}
