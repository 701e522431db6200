// What organizers do to a jam: create and edit it, publish, pause, reveal the frozen board,
// rejudge, hide a participant, announce.
import { jobIds, newId, redisKeys, ScoringOptions, UnlockSchedule } from "@bsod/contracts";
import { z } from "zod";
import type { Deps } from "../app-env.ts";
import { type Jam, jamColumns } from "../db/tables/jams.ts";
import { resultOf, type Submission } from "../db/tables/submissions.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { appendJamEvent, boardChanged } from "../streams/jam-events.ts";
import { enqueueGrading } from "../submissions/create.ts";
import { ensureSource } from "../submissions/source.ts";
import { trackStages } from "../tracks/stages.ts";
import { jamById } from "./jams.ts";
import { phaseOf } from "./schedule.ts";

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, "must be 2-64 lowercase letters, digits or dashes");

const Scoring = z.object({
  mode: z.enum(["stages", "points", "metric"]).default("stages"),
  options: ScoringOptions.default({}),
});

export const JamCreate = z.object({
  slug: Slug,
  track: z.string().min(1),
  title: z.string().trim().min(1).max(120),
  description: z.string().max(4000).default(""),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  registrationOpensAt: z.number().int().nullable().default(null),
  freezeAt: z.number().int().nullable().default(null),
  lateRegistration: z.boolean().default(true),
  unlock: UnlockSchedule.default({ mode: "all" }),
  scoring: Scoring.default({ mode: "stages", options: {} }),
});

/** Only the fields sent change: no defaults here (a PATCH of the title must not clear the freeze). */
export const JamUpdate = z
  .object({
    title: z.string().trim().min(1).max(120),
    description: z.string().max(4000),
    startsAt: z.number().int(),
    endsAt: z.number().int(),
    registrationOpensAt: z.number().int().nullable(),
    freezeAt: z.number().int().nullable(),
    lateRegistration: z.boolean(),
    unlock: UnlockSchedule,
    scoring: Scoring,
  })
  .partial();

function checkTimes(v: {
  startsAt: number;
  endsAt: number;
  freezeAt: number | null;
  registrationOpensAt: number | null;
}) {
  if (v.endsAt <= v.startsAt) throw new ApiError({ code: "bad_request", message: "endsAt: must be after startsAt" });
  if (v.freezeAt !== null && (v.freezeAt <= v.startsAt || v.freezeAt >= v.endsAt)) {
    throw new ApiError({ code: "bad_request", message: "freezeAt: must be between startsAt and endsAt" });
  }
  if (v.registrationOpensAt !== null && v.registrationOpensAt > v.startsAt) {
    throw new ApiError({ code: "bad_request", message: "registrationOpensAt: must not be after startsAt" });
  }
}

function checkScoring(mode: string, options: ScoringOptions) {
  if (options.penalty && mode !== "stages") {
    throw new ApiError({ code: "bad_request", message: "scoring.options.penalty: only with scoring mode 'stages'" });
  }
  if (options.decay && mode === "stages") {
    throw new ApiError({
      code: "bad_request",
      message: "scoring.options.decay: only with scoring modes 'points' and 'metric'",
    });
  }
}

export async function createJam(deps: Deps, input: z.infer<typeof JamCreate>): Promise<Jam> {
  if (!deps.tracks.get(input.track))
    throw new ApiError({ code: "bad_request", message: `track: no track named '${input.track}'` });
  checkTimes(input);
  checkScoring(input.scoring.mode, input.scoring.options);
  const exists = await deps.db.selectFrom("jams").select("id").where("slug", "=", input.slug).executeTakeFirst();
  if (exists) throw new ApiError({ code: "conflict", message: `slug: a jam named '${input.slug}' exists` });
  const now = Date.now();
  const jam: Jam = {
    id: newId("jam"),
    slug: input.slug,
    track_slug: input.track,
    title: input.title,
    description: input.description,
    state: "draft",
    paused: 0,
    registration_opens_at: input.registrationOpensAt,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    freeze_at: input.freezeAt,
    revealed_at: null,
    late_registration: input.lateRegistration ? 1 : 0,
    unlock: JSON.stringify(input.unlock),
    scoring_mode: input.scoring.mode,
    scoring_options: JSON.stringify(input.scoring.options),
    created_at: now,
    updated_at: now,
  };
  await deps.db.insertInto("jams").values(jam).execute();
  return jam;
}

export async function updateJam(deps: Deps, jam: Jam, input: z.infer<typeof JamUpdate>): Promise<Jam> {
  const next: Jam = {
    ...jam,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.startsAt !== undefined ? { starts_at: input.startsAt } : {}),
    ...(input.endsAt !== undefined ? { ends_at: input.endsAt } : {}),
    ...(input.registrationOpensAt !== undefined ? { registration_opens_at: input.registrationOpensAt } : {}),
    ...(input.freezeAt !== undefined ? { freeze_at: input.freezeAt } : {}),
    ...(input.lateRegistration !== undefined ? { late_registration: input.lateRegistration ? 1 : 0 } : {}),
    ...(input.unlock !== undefined ? { unlock: JSON.stringify(input.unlock) } : {}),
    ...(input.scoring !== undefined
      ? { scoring_mode: input.scoring.mode, scoring_options: JSON.stringify(input.scoring.options) }
      : {}),
    updated_at: Date.now(),
  };
  checkTimes({
    startsAt: next.starts_at,
    endsAt: next.ends_at,
    freezeAt: next.freeze_at,
    registrationOpensAt: next.registration_opens_at,
  });
  checkScoring(next.scoring_mode, jamColumns.scoringOptions.decode(next.scoring_options, next.id));
  const { id, ...fields } = next;
  await deps.db.updateTable("jams").set(fields).where("id", "=", id).execute();
  await boardChanged(deps.redis, jam.id);
  return next;
}

async function setFields(deps: Deps, jam: Jam, fields: Partial<Jam>): Promise<Jam> {
  const next = { ...jam, ...fields, updated_at: Date.now() };
  await deps.db
    .updateTable("jams")
    .set({ ...fields, updated_at: next.updated_at })
    .where("id", "=", jam.id)
    .execute();
  await appendJamEvent(deps.redis, jam.id, { type: "jam.phase", phase: phaseOf(next), paused: next.paused === 1 });
  await boardChanged(deps.redis, jam.id);
  return next;
}

export const publishJam = (deps: Deps, jam: Jam) => setFields(deps, jam, { state: "published" });
export const setPaused = (deps: Deps, jam: Jam, paused: boolean) => setFields(deps, jam, { paused: paused ? 1 : 0 });

export async function revealJam(deps: Deps, jam: Jam): Promise<Jam> {
  if (jam.freeze_at === null) throw new ApiError({ code: "conflict", message: "this jam has no freeze to reveal" });
  if (Date.now() < jam.freeze_at) throw new ApiError({ code: "conflict", message: "the board is not frozen yet" });
  return setFields(deps, jam, { revealed_at: Date.now() });
}

export async function setHidden(deps: Deps, jam: Jam, username: string, hidden: boolean): Promise<void> {
  const user = await deps.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();
  const res = user
    ? await deps.db
        .updateTable("enrollments")
        .set({ hidden: hidden ? 1 : 0 })
        .where("jam_id", "=", jam.id)
        .where("user_id", "=", user.id)
        .executeTakeFirst()
    : undefined;
  if (!res || Number(res.numUpdatedRows) === 0) {
    throw new ApiError({ code: "not_found", message: `${username} is not a participant of ${jam.slug}` });
  }
  await boardChanged(deps.redis, jam.id);
}

export async function announce(deps: Deps, jam: Jam, authorId: string, body: string) {
  const row = { id: newId("ann"), jam_id: jam.id, author_id: authorId, body, created_at: Date.now() };
  await deps.db.insertInto("announcements").values(row).execute();
  await appendJamEvent(deps.redis, jam.id, { type: "announcement", id: row.id, body });
  return row;
}

/**
 * Grades again every counted submission of the jam (or those that ran `stage`), as a new
 * attempt: results are recomputed from the new verdicts, the old ones stay in judgements.
 */
export async function rejudge(deps: Deps, repos: RepoStore, jam: Jam, stage?: string): Promise<number> {
  if (stage) {
    const stages = await trackStages(deps.db, jam.track_slug);
    if (!stages.some((s) => s.slug === stage))
      throw new ApiError({ code: "not_found", message: `no stage '${stage}' in ${jam.slug}` });
  }
  const subs = await deps.db
    .selectFrom("submissions")
    .selectAll("submissions")
    .where("submissions.jam_id", "=", jam.id)
    .where("submissions.counted", "=", 1)
    .execute();
  let count = 0;
  for (const sub of subs) {
    // A stage rejudge re-runs the submissions that ran that stage (or were never judged).
    if (stage && sub.result && !resultOf(sub)?.stages.some((s) => s.slug === stage)) continue;
    if (await regrade(deps, repos, jam, sub)) count++;
  }
  return count;
}

/** Grades one submission again as a new attempt; false when its source can no longer be found. */
export async function regrade(deps: Deps, repos: RepoStore, jam: Jam, sub: Submission): Promise<boolean> {
  if (!(await ensureSource(deps, repos, sub, jam))) return false;
  const next = { ...sub, attempt: sub.attempt + 1, status: "queued" as const };
  await deps.db
    .updateTable("submissions")
    .set({ attempt: next.attempt, status: "queued" })
    .where("id", "=", sub.id)
    .execute();
  // A result of the old attempt applied just before the attempt moved deleted the source:
  // from here on such a result keeps it, and this puts it back if it went.
  await ensureSource(deps, repos, next, jam);
  await enqueueGrading(deps, next, jam);
  return true;
}

/** An organizer retries one submission (a failed job, an internal error, a run worth another look). */
export async function retrySubmission(deps: Deps, repos: RepoStore, id: string): Promise<Submission> {
  const sub = await deps.db.selectFrom("submissions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!sub) throw new ApiError({ code: "not_found", message: `no submission '${id}'` });
  const job = await deps.gradeQueue.getJob(jobIds.grade(sub.id, sub.attempt));
  const state = job ? await job.getState() : "missing";
  // Still in the queue, unless its job gave up (it failed for good, or is gone).
  if ((sub.status === "queued" || sub.status === "running") && state !== "failed" && state !== "missing")
    throw new ApiError({ code: "conflict", message: `${id} is ${sub.status} already; retry it once it has finished` });
  const jam = await jamById(deps.db, sub.jam_id);
  if (!jam) throw new ApiError({ code: "not_found", message: `the jam of ${id} is gone` });
  if (!(await regrade(deps, repos, jam, sub)))
    throw new ApiError({
      code: "conflict",
      message: `the source of ${id} is gone (its commit is no longer in the repository)`,
    });
  return { ...sub, attempt: sub.attempt + 1, status: "queued" };
}
