// Stage completions and metrics are derived data: recomputed from a participant's judged,
// counted submissions whenever one of their results is applied (so a rejudge can take a
// stage away as well as give one).
import type { RunResult } from "@bsod/contracts";
import type { DbOrTx } from "../db/schema.ts";
import { resultOf } from "../db/tables/submissions.ts";

/** Recomputes (jam, user)'s completions; returns the stage slugs newly completed. */
export async function recomputeCompletions(tx: DbOrTx, jamId: string, userId: string): Promise<string[]> {
  const subs = await tx
    .selectFrom("submissions")
    .select(["id", "created_at", "result"])
    .where("jam_id", "=", jamId)
    .where("user_id", "=", userId)
    .where("counted", "=", 1)
    .where("result", "is not", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const first = new Map<string, { submissionId: string; at: number }>();
  for (const sub of subs) {
    for (const stage of resultOf(sub)?.stages ?? []) {
      if (stage.status === "passed" && !first.has(stage.slug))
        first.set(stage.slug, { submissionId: sub.id, at: sub.created_at });
    }
  }
  const before = new Set(
    (
      await tx
        .selectFrom("stage_completions")
        .select("stage_slug")
        .where("jam_id", "=", jamId)
        .where("user_id", "=", userId)
        .execute()
    ).map((r) => r.stage_slug),
  );
  await tx.deleteFrom("stage_completions").where("jam_id", "=", jamId).where("user_id", "=", userId).execute();
  for (const [slug, c] of first) {
    await tx
      .insertInto("stage_completions")
      .values({ jam_id: jamId, user_id: userId, stage_slug: slug, submission_id: c.submissionId, completed_at: c.at })
      .execute();
  }
  return [...first.keys()].filter((slug) => !before.has(slug));
}

/** Replaces the metrics a submission recorded (only from stages it passed). */
export async function recordMetrics(
  tx: DbOrTx,
  sub: { id: string; jam_id: string; user_id: string; created_at: number; counted: number },
  result: RunResult,
): Promise<void> {
  await tx.deleteFrom("stage_metrics").where("submission_id", "=", sub.id).execute();
  if (!sub.counted) return;
  for (const stage of result.stages) {
    if (stage.status !== "passed" || !stage.metric) continue;
    await tx
      .insertInto("stage_metrics")
      .values({
        jam_id: sub.jam_id,
        user_id: sub.user_id,
        stage_slug: stage.slug,
        submission_id: sub.id,
        value: stage.metric.value,
        recorded_at: sub.created_at,
      })
      .execute();
  }
}
