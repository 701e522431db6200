// Applies grading results from the results queue: once per (submission, attempt), in a
// transaction that keeps the judgement history and recomputes the participant's completions,
// then ends the run's event stream with the verdict it recorded (the only run.finished there is).
// Results wait in Redis while the api is down.
import { QUEUE_NAMES, ResultMessage, redisKeys } from "@bsod/contracts";
import { Worker } from "bullmq";
import type { Deps } from "../app-env.ts";
import { recomputeCompletions, recordMetrics } from "../scoring/completions.ts";
import { announceCompletions, announceVerdict } from "./announce.ts";

export type ApplyOutcome = "applied" | "duplicate" | "stale" | "unknown";

export async function applyResult(
  deps: Pick<Deps, "db" | "redis">,
  msg: ResultMessage,
): Promise<{ outcome: ApplyOutcome; newlyCompleted: string[] }> {
  let jamId = "";
  let userId = "";
  const res = await deps.db.transaction().execute(async (tx) => {
    const sub = await tx.selectFrom("submissions").selectAll().where("id", "=", msg.submissionId).executeTakeFirst();
    if (!sub) return { outcome: "unknown" as const, newlyCompleted: [] };
    // Applied before, perhaps by an api that died before it could announce the verdict.
    const announce = msg.attempt === sub.judged_attempt && msg.attempt === sub.attempt;
    if (msg.attempt <= sub.judged_attempt) return { outcome: "duplicate" as const, newlyCompleted: [], announce };
    if (msg.attempt < sub.attempt) return { outcome: "stale" as const, newlyCompleted: [] };
    const updated = await tx
      .updateTable("submissions")
      .set({
        status: msg.result.status,
        result: JSON.stringify(msg.result),
        failed_stage: msg.result.stages.find((s) => s.status !== "passed")?.slug ?? null,
        judged_attempt: msg.attempt,
        finished_at: msg.finishedAt,
      })
      .where("id", "=", sub.id)
      .where("judged_attempt", "<", msg.attempt)
      .returning("attempt")
      .executeTakeFirst();
    if (!updated) return { outcome: "duplicate" as const, newlyCompleted: [] };
    // The latest attempt is judged: its source has served. Deleted while the row is locked, so a
    // rejudge (which bumps the attempt under the same lock, then checks for the blob) stores it again.
    if (msg.attempt >= updated.attempt) await deps.redis.del(redisKeys.sourceBlob(sub.id));
    await tx
      .insertInto("judgements")
      .values({
        submission_id: sub.id,
        attempt: msg.attempt,
        status: msg.result.status,
        result: JSON.stringify(msg.result),
        worker: msg.worker,
        recorded_at: msg.finishedAt,
      })
      .onConflict((oc) => oc.columns(["submission_id", "attempt"]).doNothing())
      .execute();
    jamId = sub.jam_id;
    userId = sub.user_id;
    if (!sub.counted) return { outcome: "applied" as const, newlyCompleted: [] };
    await recordMetrics(tx, sub, msg.result);
    const newlyCompleted = await recomputeCompletions(tx, sub.jam_id, sub.user_id);
    return { outcome: "applied" as const, newlyCompleted, counted: true };
  });
  // The verdict first: the pushing terminal is waiting on it; the board follows.
  if (res.outcome === "applied" || ("announce" in res && res.announce)) await announceVerdict(deps, msg);
  if (res.outcome === "applied" && "counted" in res) {
    await announceCompletions(deps, jamId, userId, res.newlyCompleted);
  }
  return { outcome: res.outcome, newlyCompleted: res.newlyCompleted };
}

async function observeVerdict(deps: Deps, msg: ResultMessage): Promise<void> {
  const row = await deps.db
    .selectFrom("submissions")
    .innerJoin("jams", "jams.id", "submissions.jam_id")
    .select("jams.track_slug")
    .where("submissions.id", "=", msg.submissionId)
    .executeTakeFirst();
  if (row) deps.metrics.judged(row.track_slug, msg.result);
}

/** Consumes the results queue for as long as the api runs. */
export function startResultConsumer(deps: Deps): Worker {
  const worker = new Worker(
    QUEUE_NAMES.results,
    async (job) => {
      const parsed = ResultMessage.safeParse(job.data);
      if (!parsed.success) {
        // It will never parse: completing it keeps the repair loop from retrying it forever.
        deps.logger.error({ job: job.id, issues: parsed.error.issues }, "an invalid result message was dropped");
        return "invalid";
      }
      const msg = parsed.data;
      const { outcome } = await applyResult(deps, msg);
      if (outcome === "applied") await observeVerdict(deps, msg);
      deps.logger.info(
        { submission: msg.submissionId, attempt: msg.attempt, status: msg.result.status, outcome },
        "result",
      );
      return outcome;
    },
    {
      // Options, not a client: BullMQ closes the connections it makes itself when the worker closes.
      connection: { url: deps.config.redisUrl, maxRetriesPerRequest: null },
      prefix: deps.config.queuePrefix,
      concurrency: 4,
    },
  );
  worker.on("failed", (job, err) => deps.logger.error({ err, job: job?.id }, "applying a result failed"));
  return worker;
}
