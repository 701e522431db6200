// A run's source lives in Redis only while it waits to be graded. When it is gone (expired,
// deleted after its result, Redis restarted without persistence) a push's source is archived
// again from the participant's repository: the commit is the truth. A test run's upload exists
// nowhere else, so that run is ended as internal_error with a message saying what to do.
import { type RunResult, redisKeys } from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import type { Jam } from "../db/tables/jams.ts";
import type { Submission } from "../db/tables/submissions.ts";
import type { RepoStore } from "../git/repos.ts";
import { applyResult } from "./results.ts";

export const SOURCE_TTL_S = 3 * 24 * 3600;

/** The ref a `bsod test` run records: its source was an upload, not a commit. */
export const TEST_RUN_REF = "bsod test";

export const LOST_UPLOAD_MESSAGE =
  "the source of this test run was lost by the grading server before it could run: run `bsod test` again";

/**
 * Makes sure the source blob of `sub` is in Redis. Returns false when it cannot be (a test
 * run's upload is gone, or the commit is no longer in the repository): the run has then been
 * ended as internal_error.
 */
export async function ensureSource(deps: Deps, repos: RepoStore, sub: Submission, jam: Jam): Promise<boolean> {
  const key = redisKeys.sourceBlob(sub.id);
  if (await deps.redis.exists(key)) return true;
  if (sub.ref === TEST_RUN_REF) {
    await endLostRun(deps, sub, LOST_UPLOAD_MESSAGE);
    return false;
  }
  const user = await deps.db.selectFrom("users").select("username").where("id", "=", sub.user_id).executeTakeFirst();
  if (!user) return false;
  let source: Buffer;
  try {
    source = await repos.archive(repos.pathFor(user.username, jam.slug), sub.commit_sha, deps.config.maxSourceBytes);
  } catch (err) {
    // The commit is gone from the repository (pruned after a force-push) or too big to archive now.
    deps.logger.warn({ err, submission: sub.id, commit: sub.commit_sha }, "a run's source cannot be archived again");
    await endLostRun(deps, sub, `commit ${sub.commit_sha.slice(0, 12)} can no longer be archived from your repository`);
    return false;
  }
  await deps.redis.set(key, source, "EX", SOURCE_TTL_S);
  deps.logger.warn(
    { submission: sub.id, commit: sub.commit_sha },
    "a run's source was gone; archived it again from git",
  );
  return true;
}

/** Ends a run that cannot be graded with internal_error, the way a worker's result would. */
async function endLostRun(deps: Deps, sub: Submission, message: string): Promise<void> {
  const result: RunResult = {
    version: 1,
    status: "internal_error",
    build: { status: "internal_error", durationMs: 0, message },
    stages: [],
  };
  // Applying it ends the run's stream too, as for a worker's result.
  await applyResult(deps, {
    submissionId: sub.id,
    attempt: sub.attempt,
    result,
    worker: "api",
    finishedAt: Date.now(),
  });
}
