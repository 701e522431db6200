// Jams and enrollments: lookups, joining a jam (which creates the participant's repo).

import path from "node:path";
import { newId } from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import type { DbOrTx } from "../db/schema.ts";
import type { Enrollment, Jam } from "../db/tables/jams.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { acceptsRegistration, phaseOf } from "./schedule.ts";

export async function jamBySlug(db: DbOrTx, slug: string): Promise<Jam> {
  const jam = await db.selectFrom("jams").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (!jam) throw new ApiError({ code: "not_found", message: `no jam named '${slug}'` });
  return jam;
}

/** A jam by its id (the id a row refers to: a submission's, an intent's), if it exists. */
export function jamById(db: DbOrTx, id: string): Promise<Jam | undefined> {
  return db.selectFrom("jams").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function enrollment(db: DbOrTx, jamId: string, userId: string): Promise<Enrollment | undefined> {
  return db
    .selectFrom("enrollments")
    .selectAll()
    .where("jam_id", "=", jamId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** `base` is where the participant reaches the server (http/public-url.ts). */
export function cloneUrl(base: string, user: Pick<User, "username">, jam: Pick<Jam, "slug">): string {
  return `${base}/git/${user.username}/${jam.slug}.git`;
}

/** Joins a jam with a language: records the enrollment and creates the repo from the starter. */
export async function enroll(
  deps: Deps,
  repos: RepoStore,
  jam: Jam,
  user: User,
  language: string,
): Promise<Enrollment> {
  const entry = deps.tracks.get(jam.track_slug);
  if (!entry) throw new ApiError({ code: "unavailable", message: `track '${jam.track_slug}' is not loaded` });
  if (!entry.track.manifest.languages.includes(language)) {
    throw new ApiError({
      code: "bad_request",
      message: `language '${language}' is not offered in this jam; choose one of: ${entry.track.manifest.languages.join(", ")}`,
    });
  }
  const existing = await enrollment(deps.db, jam.id, user.id);
  if (existing) return existing;
  if (!acceptsRegistration(jam)) {
    throw new ApiError({ code: "conflict", message: `${jam.title} is not open for registration (${phaseOf(jam)})` });
  }
  await repos.create(user.username, jam.slug, path.join(entry.track.dir, "starters", language));
  const row: Enrollment = {
    id: newId("enr"),
    jam_id: jam.id,
    user_id: user.id,
    language,
    hidden: 0,
    created_at: Date.now(),
  };
  await deps.db
    .insertInto("enrollments")
    .values(row)
    .onConflict((oc) => oc.columns(["jam_id", "user_id"]).doNothing())
    .execute();
  return (await enrollment(deps.db, jam.id, user.id)) ?? row;
}
