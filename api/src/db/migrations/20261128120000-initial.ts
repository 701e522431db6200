// Initial schema. Frozen: written against Kysely<any>, never importing app types.
// Times are epoch milliseconds (bigint), JSON is text, booleans are 0/1: the same on SQLite and Postgres.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("username", "varchar(40)", (c) => c.notNull().unique())
    .addColumn("display_name", "varchar(80)", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("role", "varchar(20)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tokens")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "varchar(80)", (c) => c.notNull())
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("scopes", "varchar(200)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .execute();

  await db.schema
    .createTable("tracks")
    .addColumn("slug", "varchar(64)", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("languages", "text", (c) => c.notNull())
    .addColumn("limits", "text")
    .addColumn("harness_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("stages")
    .addColumn("track_slug", "varchar(64)", (c) => c.notNull().references("tracks.slug").onDelete("cascade"))
    .addColumn("slug", "varchar(64)", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("difficulty", "varchar(20)", (c) => c.notNull())
    .addColumn("points", "integer", (c) => c.notNull())
    .addColumn("readme", "text", (c) => c.notNull())
    .addColumn("limits", "text")
    .addColumn("metric", "text")
    .addPrimaryKeyConstraint("stages_pk", ["track_slug", "slug"])
    .execute();

  await db.schema
    .createTable("jams")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("slug", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("track_slug", "varchar(64)", (c) => c.notNull().references("tracks.slug"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("state", "varchar(20)", (c) => c.notNull())
    .addColumn("paused", "integer", (c) => c.notNull())
    .addColumn("registration_opens_at", "bigint")
    .addColumn("starts_at", "bigint", (c) => c.notNull())
    .addColumn("ends_at", "bigint", (c) => c.notNull())
    .addColumn("freeze_at", "bigint")
    .addColumn("revealed_at", "bigint")
    .addColumn("late_registration", "integer", (c) => c.notNull())
    .addColumn("unlock", "text", (c) => c.notNull())
    .addColumn("scoring_mode", "varchar(20)", (c) => c.notNull())
    .addColumn("scoring_options", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("enrollments")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("language", "varchar(20)", (c) => c.notNull())
    .addColumn("hidden", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("enrollments_jam_user", ["jam_id", "user_id"])
    .execute();

  await db.schema
    .createTable("submissions")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("commit_sha", "varchar(64)", (c) => c.notNull())
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("language", "varchar(20)", (c) => c.notNull())
    .addColumn("runner", "text", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("stages", "text", (c) => c.notNull())
    .addColumn("counted", "integer", (c) => c.notNull())
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("judged_attempt", "integer", (c) => c.notNull())
    .addColumn("result", "text")
    .addColumn("failed_stage", "varchar(64)")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .execute();
  await db.schema.createIndex("submissions_jam_user").on("submissions").columns(["jam_id", "user_id"]).execute();
  await db.schema.createIndex("submissions_status").on("submissions").column("status").execute();

  await db.schema
    .createTable("stage_completions")
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stage_slug", "varchar(64)", (c) => c.notNull())
    .addColumn("submission_id", "varchar(40)", (c) => c.notNull())
    .addColumn("completed_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stage_completions_pk", ["jam_id", "user_id", "stage_slug"])
    .execute();

  await db.schema
    .createTable("judgements")
    .addColumn("submission_id", "varchar(40)", (c) => c.notNull().references("submissions.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("worker", "text", (c) => c.notNull())
    .addColumn("recorded_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("judgements_pk", ["submission_id", "attempt"])
    .execute();

  await db.schema
    .createTable("stage_metrics")
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stage_slug", "varchar(64)", (c) => c.notNull())
    .addColumn("submission_id", "varchar(40)", (c) => c.notNull().references("submissions.id").onDelete("cascade"))
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("recorded_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stage_metrics_pk", ["submission_id", "stage_slug"])
    .execute();
  await db.schema.createIndex("stage_metrics_jam").on("stage_metrics").columns(["jam_id", "stage_slug"]).execute();

  await db.schema
    .createTable("announcements")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("author_id", "varchar(40)", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "announcements",
    "stage_metrics",
    "judgements",
    "stage_completions",
    "submissions",
    "enrollments",
    "jams",
    "stages",
    "tracks",
    "tokens",
    "users",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
