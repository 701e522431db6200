// What an applied result tells the streams: the run's verdict on the run's stream (the api is the
// one writer of run.finished, from the result it recorded), and the jam's new board version and
// activity lines on the jam's stream.
import { type ResultMessage, redisKeys } from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import { jamById } from "../jams/jams.ts";
import { publicCutoff } from "../jams/schedule.ts";
import { appendJamEvent, boardChanged } from "../streams/jam-events.ts";
import { appendRunEvent } from "../streams/run-events.ts";
import { trackStages } from "../tracks/stages.ts";

/**
 * Ends the run's stream with the attempt's verdict, once per attempt however often the result
 * is applied (an application retried after a crash announces what the first may not have).
 */
export async function announceVerdict(deps: Pick<Deps, "redis">, msg: ResultMessage): Promise<void> {
  const { submissionId, attempt, result } = msg;
  await appendRunEvent(
    deps.redis,
    submissionId,
    { type: "run.finished", status: result.status, result },
    { once: redisKeys.runVerdict(submissionId, attempt) },
  );
}

/** After a counted result: a new board version, and one activity line per newly passed stage. */
export async function announceCompletions(
  deps: Pick<Deps, "db" | "redis">,
  jamId: string,
  userId: string,
  slugs: string[],
) {
  await boardChanged(deps.redis, jamId);
  if (slugs.length === 0) return;
  const user = await deps.db
    .selectFrom("users")
    .select(["username", "display_name"])
    .where("id", "=", userId)
    .executeTakeFirst();
  const hidden = await deps.db
    .selectFrom("enrollments")
    .select("hidden")
    .where("jam_id", "=", jamId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!user || hidden?.hidden) return;
  const jam = await jamById(deps.db, jamId);
  if (!jam) return;
  // During a freeze the public stream must not tell who solved what (the feed catches up on reveal).
  if (publicCutoff(jam) !== undefined) return;
  const solved = new Set(slugs);
  const stages = (await trackStages(deps.db, jam.track_slug)).filter((s) => solved.has(s.slug));
  for (const { slug, title, position } of stages) {
    const stage = { slug, title, position };
    await appendJamEvent(deps.redis, jamId, {
      type: "activity",
      kind: "stage.passed",
      username: user.username,
      displayName: user.display_name,
      stage,
      text: `${user.display_name} passed stage ${stage.position}: ${stage.title}`,
    });
  }
}
