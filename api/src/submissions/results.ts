// Applies grading results from the results queue: once per (submission, attempt), in a
// transaction, then records stage completions. Results wait in Redis while the api is down.
import { QUEUE_NAMES, ResultMessage } from "@bsod/contracts";
import { Worker } from "bullmq";
import type { Deps } from "../app-env.ts";

export type ApplyOutcome = "applied" | "duplicate" | "stale" | "unknown";

export async function applyResult(deps: Pick<Deps, "db" | "redis">, msg: ResultMessage): Promise<ApplyOutcome> {
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const sub = await tx.selectFrom("submissions").selectAll().where("id", "=", msg.submissionId).executeTakeFirst();
    if (!sub) return "unknown" as const;
    if (msg.attempt <= sub.judged_attempt) return "duplicate" as const;
    if (msg.attempt < sub.attempt) return "stale" as const;
    const res = await tx
      .updateTable("submissions")
      .set({
        status: msg.result.status,
        result: JSON.stringify(msg.result),
        judged_attempt: msg.attempt,
        finished_at: msg.finishedAt,
      })
      .where("id", "=", sub.id)
      .where("judged_attempt", "<", msg.attempt)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return "duplicate" as const;
    if (sub.counted) {
      for (const stage of msg.result.stages) {
        if (stage.status !== "passed") continue;
        await tx
          .insertInto("stage_completions")
          .values({
            jam_id: sub.jam_id,
            user_id: sub.user_id,
            stage_slug: stage.slug,
            submission_id: sub.id,
            completed_at: sub.created_at,
          })
          .onConflict((oc) => oc.columns(["jam_id", "user_id", "stage_slug"]).doNothing())
          .execute();
      }
    }
    return "applied" as const;
  });
  if (outcome === "applied") {
    const sub = await deps.db
      .selectFrom("submissions")
      .select(["jam_id"])
      .where("id", "=", msg.submissionId)
      .executeTakeFirst();
    if (sub) await deps.redis.publish(`bsod:jam:${sub.jam_id}:changed`, msg.submissionId);
  }
  return outcome;
}

/** Consumes the results queue for as long as the api runs. */
export function startResultConsumer(deps: Deps): Worker {
  const worker = new Worker(
    QUEUE_NAMES.results,
    async (job) => {
      const msg = ResultMessage.parse(job.data);
      const outcome = await applyResult(deps, msg);
      deps.logger.info(
        { submission: msg.submissionId, attempt: msg.attempt, status: msg.result.status, outcome },
        "result",
      );
      return outcome;
    },
    {
      connection: deps.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: deps.config.queuePrefix,
      concurrency: 4,
    },
  );
  worker.on("failed", (job, err) => deps.logger.error({ err, job: job?.id }, "applying a result failed"));
  return worker;
}
