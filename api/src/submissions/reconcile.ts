// Repairs what a crash or an outage can leave behind, at start and every minute (one pass at a time):
// - a push git accepted that the api died before recording becomes a submission (pushes.ts);
// - a queued or running submission whose grading job is missing or failed is enqueued again
//   (job ids are deterministic, so this never duplicates a job), its source archived again from
//   git first if Redis lost it;
// - a result whose application failed (the database was away longer than its retries) is
//   applied again: results are retried until they succeed (applying is idempotent);
// - runs waiting longer than STUCK_AFTER_MS are reported.
import { jobIds, QUEUE_NAMES } from "@bsod/contracts";
import { Queue } from "bullmq";
import type { Deps } from "../app-env.ts";
import type { RepoStore } from "../git/repos.ts";
import { jamById } from "../jams/jams.ts";
import { enqueueGrading } from "./create.ts";
import { recoverPushes } from "./pushes.ts";
import { ensureSource } from "./source.ts";

/** A run still not judged after this long is reported in the log. */
export const STUCK_AFTER_MS = 15 * 60_000;

const PENDING = new Set(["waiting", "prioritized", "active", "delayed", "waiting-children"]);

export interface ReconcileReport {
  pushesRecovered: number;
  requeued: number;
  resultsRetried: number;
  stuck: number;
}

export class Reconciler {
  private readonly results: Queue;
  private pass: Promise<ReconcileReport> | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly repos: RepoStore,
  ) {
    this.results = new Queue(QUEUE_NAMES.results, { connection: deps.redis, prefix: deps.config.queuePrefix });
  }

  /**
   * `olderThanMs`: leave alone submissions younger than this (their enqueue may be under way).
   * One pass at a time: a pass slowed by an outage overlaps the next tick otherwise, and two
   * passes would both record the same lost push.
   */
  run(olderThanMs = 0): Promise<ReconcileReport> {
    this.pass ??= this.runOnce(olderThanMs).finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async runOnce(olderThanMs: number): Promise<ReconcileReport> {
    const pushesRecovered = await recoverPushes(this.deps, this.repos);
    const resultsRetried = await this.retryFailedResults();
    const { requeued, stuck } = await this.requeueOrphans(olderThanMs);
    return { pushesRecovered, requeued, resultsRetried, stuck };
  }

  close(): Promise<void> {
    return this.results.close();
  }

  private async retryFailedResults(): Promise<number> {
    const failed = await this.results.getFailed(0, 999);
    for (const job of failed) await job.retry("failed");
    if (failed.length) this.deps.logger.warn({ retried: failed.length }, "applying results again that had failed");
    return failed.length;
  }

  private async requeueOrphans(olderThanMs: number): Promise<{ requeued: number; stuck: number }> {
    const { deps } = this;
    const now = Date.now();
    const rows = await deps.db
      .selectFrom("submissions")
      .selectAll()
      .where("status", "in", ["queued", "running"])
      .where("created_at", "<=", now - olderThanMs)
      .execute();
    let requeued = 0;
    let stuck = 0;
    for (const sub of rows) {
      if (sub.created_at <= now - STUCK_AFTER_MS) stuck++;
      const job = await deps.gradeQueue.getJob(jobIds.grade(sub.id, sub.attempt));
      if (job && !(await job.isFailed())) continue;
      // The result of this attempt may be on its way (its grade job completed and aged out).
      const result = await this.results.getJob(jobIds.result(sub.id, sub.attempt));
      if (result && PENDING.has(await result.getState())) continue;
      if (job) await job.remove();
      const jam = await jamById(deps.db, sub.jam_id);
      if (!jam) continue;
      if (!(await ensureSource(deps, this.repos, sub, jam))) continue;
      await enqueueGrading(deps, sub, jam);
      requeued++;
    }
    if (requeued) deps.logger.warn({ requeued }, "re-enqueued submissions that had no grading job");
    if (stuck) deps.logger.warn({ stuck, afterMs: STUCK_AFTER_MS }, "runs have waited long for a verdict");
    return { requeued, stuck };
  }
}
