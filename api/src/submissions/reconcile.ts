// Repairs the gap between "row written" and "job enqueued": any queued submission whose job
// is missing is enqueued again (job ids are deterministic, so this never duplicates a job).
import type { Deps } from "../app-env.ts";
import { enqueueGrading } from "./create.ts";

export async function reconcileQueued(deps: Deps, olderThanMs = 0): Promise<number> {
  const rows = await deps.db
    .selectFrom("submissions")
    .innerJoin("jams", "jams.id", "submissions.jam_id")
    .selectAll("submissions")
    .select(["jams.track_slug as track_slug"])
    .where("submissions.status", "in", ["queued", "running"])
    .where("submissions.created_at", "<=", Date.now() - olderThanMs)
    .execute();
  let requeued = 0;
  for (const row of rows) {
    const job = await deps.gradeQueue.getJob(`${row.id}-${row.attempt}`);
    if (job && !(await job.isFailed())) continue;
    if (job) await job.remove();
    const jam = await deps.db.selectFrom("jams").selectAll().where("id", "=", row.jam_id).executeTakeFirstOrThrow();
    const { track_slug: _t, ...sub } = row;
    await enqueueGrading(deps, sub, jam);
    requeued++;
  }
  if (requeued) deps.logger.warn({ requeued }, "re-enqueued submissions that had no grading job");
  return requeued;
}
