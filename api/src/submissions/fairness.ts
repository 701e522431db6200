// Fair grading. Every participant's first waiting run is graded before anyone's second one
// (BullMQ serves priority 1 first, equal priorities in arrival order), organizer rejudges wait
// behind every participant's run, and only a few runs of one participant may wait at once:
// each holds its source in Redis until it is graded, so a flood of pushes can neither starve
// the others nor fill the server's memory.
import type { Deps } from "../app-env.ts";
import type { DbOrTx } from "../db/schema.ts";
import type { Submission } from "../db/tables/submissions.ts";
import { ApiError } from "../errors.ts";

/** Rejudges (a new attempt of an old submission) come after any participant's run. */
export const REJUDGE_PRIORITY = 1_000;

/** The participant's runs still waiting for a verdict (any jam), other than `except`. */
export async function waitingRuns(db: DbOrTx, userId: string, except?: string): Promise<number> {
  let q = db
    .selectFrom("submissions")
    .select(db.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("status", "in", ["queued", "running"]);
  if (except) q = q.where("id", "!=", except);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

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

export function tooManyWaiting(limit: number): string {
  return `${limit} of your runs are still waiting to be graded (the limit); push again when one has finished`;
}

/** Refuses a new run while the participant already has `maxWaitingRuns` waiting; else returns how many wait. */
export async function assertMayQueue(deps: Pick<Deps, "db" | "config">, userId: string): Promise<number> {
  const limit = deps.config.maxWaitingRuns;
  const waiting = await waitingRuns(deps.db, userId);
  if (waiting >= limit) throw new ApiError({ code: "too_many_requests", message: tooManyWaiting(limit) });
  return waiting;
}
