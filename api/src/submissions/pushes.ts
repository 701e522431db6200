// A push to main becomes a submission in two steps that a crash can separate: git moves the
// ref, then post-receive records the run. So pre-receive first writes an intent row; post-receive
// deletes it once the push is recorded (or refused with a reason); the reconciler records, from
// the repository, every push whose intent outlived its api process (a live process's intents
// are its post-receive's to finish, unless one is older than OWN_INTENT_STALE_MS or its
// post-receive gave it up because the database was away).
import type { Deps } from "../app-env.ts";
import type { Jam } from "../db/tables/jams.ts";
import type { Submission } from "../db/tables/submissions.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { enrollment, jamById } from "../jams/jams.ts";
import { createSubmission } from "./create.ts";

/** An intent of this very process older than this was abandoned (post-receive records well before). */
export const OWN_INTENT_STALE_MS = 10 * 60_000;

export async function notePushIntent(deps: Deps, jamId: string, userId: string, sha: string, ref: string) {
  await deps.db
    .insertInto("push_intents")
    .values({
      jam_id: jamId,
      user_id: userId,
      commit_sha: sha,
      ref,
      api_instance: deps.instanceId,
      created_at: Date.now(),
    })
    .onConflict((oc) => oc.columns(["jam_id", "user_id", "commit_sha"]).doNothing())
    .execute();
}

/** Intents this process's post-receive could not finish: the reconciler's to record, at once. */
const abandoned = new Set<string>();
const intentKey = (instance: string, jamId: string, userId: string, sha: string) =>
  `${instance}\n${jamId}\n${userId}\n${sha}`;

/** Hands a push whose recording failed (its intent stays) to the next reconciler pass. */
export function abandonPushIntent(deps: Deps, jamId: string, userId: string, sha: string): void {
  abandoned.add(intentKey(deps.instanceId, jamId, userId, sha));
}

export async function clearPushIntent(deps: Deps, jamId: string, userId: string, sha: string) {
  await deps.db
    .deleteFrom("push_intents")
    .where("jam_id", "=", jamId)
    .where("user_id", "=", userId)
    .where("commit_sha", "=", sha)
    .execute();
}

/** Turns a commit on main into a counted submission (an ApiError says why it cannot be). */
export async function recordPush(
  deps: Deps,
  repos: RepoStore,
  push: { user: User; jam: Jam; language: string; sha: string; ref: string; requestId?: string },
): Promise<Submission> {
  const repoDir = repos.pathFor(push.user.username, push.jam.slug);
  const [source, manifest] = await Promise.all([
    repos.archive(repoDir, push.sha, deps.config.maxSourceBytes),
    repos.show(repoDir, push.sha, "bsod.yml"),
  ]);
  const sub = await createSubmission(deps, {
    jam: push.jam,
    userId: push.user.id,
    language: push.language,
    commitSha: push.sha,
    ref: push.ref,
    source,
    manifest,
    counted: true,
    ...(push.requestId ? { requestId: push.requestId } : {}),
  });
  // The graded commit stays reachable (for rejudges) whatever becomes of its branch.
  await repos
    .keep(repoDir, sub.id, push.sha)
    .catch((err) => deps.logger.warn({ err }, "keeping a graded commit failed"));
  return sub;
}

/**
 * Records the pushes whose intents were left by an api process that is gone (or abandoned by this
 * one) and have no submission: those git accepted (the commit is on main) become submissions;
 * the others (the push failed after pre-receive) are dropped. Returns how many were recorded.
 */
export async function recoverPushes(deps: Deps, repos: RepoStore): Promise<number> {
  const intents = await deps.db.selectFrom("push_intents").selectAll().execute();
  const stale = Date.now() - OWN_INTENT_STALE_MS;
  let recorded = 0;
  for (const intent of intents) {
    const key = intentKey(intent.api_instance, intent.jam_id, intent.user_id, intent.commit_sha);
    if (intent.api_instance === deps.instanceId && intent.created_at > stale && !abandoned.has(key)) continue;
    const done = async () => {
      await clearPushIntent(deps, intent.jam_id, intent.user_id, intent.commit_sha);
      abandoned.delete(key);
    };
    const existing = await deps.db
      .selectFrom("submissions")
      .select("id")
      .where("jam_id", "=", intent.jam_id)
      .where("user_id", "=", intent.user_id)
      .where("commit_sha", "=", intent.commit_sha)
      .executeTakeFirst();
    const user = await deps.db.selectFrom("users").selectAll().where("id", "=", intent.user_id).executeTakeFirst();
    const jam = await jamById(deps.db, intent.jam_id);
    const enr = user && jam ? await enrollment(deps.db, jam.id, user.id) : undefined;
    if (existing || !user || !jam || !enr) {
      await done();
      continue;
    }
    if (!(await repos.isOnMain(repos.pathFor(user.username, jam.slug), intent.commit_sha))) {
      await done();
      continue;
    }
    try {
      const sub = await recordPush(deps, repos, {
        user,
        jam,
        language: enr.language,
        sha: intent.commit_sha,
        ref: intent.ref,
      });
      recorded++;
      deps.logger.warn(
        { submission: sub.id, commit: intent.commit_sha, user: user.username },
        "recorded a push that git accepted but the api never recorded",
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      deps.logger.warn({ err: err.message, commit: intent.commit_sha }, "a recovered push was not graded");
    }
    await done();
  }
  return recorded;
}
