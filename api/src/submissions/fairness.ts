// Fair grading. Every participant's first waiting run is graded before anyone's second one
// (BullMQ serves priority 1 first, equal priorities in arrival order), organizer rejudges wait
// behind every participant's run, and only a few runs of one participant may wait at once:
// each holds its source in Redis until it is graded, so a flood of pushes can neither starve
// the others nor fill the server's memory.
import type { DbOrTx } from "../db/schema.ts";
import type { Submission } from "../db/tables/submissions.ts";
import { waitingRuns } from "./admission.ts";

/** Rejudges (a new attempt of an old submission) come after any participant's run. */
export const REJUDGE_PRIORITY = 1_000;

/**
 * The grading job's BullMQ priority: 1 + the runs of the same participant ahead of it (counted here
 * unless the caller has just counted them).
 */
export async function gradePriority(
  db: DbOrTx,
  sub: Pick<Submission, "id" | "user_id" | "attempt">,
  counted?: number,
): Promise<number> {
  const ahead = counted ?? (await waitingRuns(db, sub.user_id, sub.id));
  return sub.attempt > 1 ? REJUDGE_PRIORITY + Math.min(ahead, 1_000_000) : 1 + Math.min(ahead, REJUDGE_PRIORITY - 2);
}
