// Tokens expire, and say what they are for: a browser session (the cookie) or a personal access
// token (CLI, scripts, git). Rows written before this migration never expired: they get the
// personal-token lifetime from now, so no one is signed out by the upgrade and none lives forever.
import type { Kysely } from "kysely";

const NINETY_DAYS_MS = 90 * 24 * 3600 * 1000;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tokens").addColumn("expires_at", "bigint").execute();
  await db.schema
    .alterTable("tokens")
    .addColumn("kind", "varchar(20)", (c) => c.notNull().defaultTo("personal"))
    .execute();
  await db
    .updateTable("tokens")
    .set({ expires_at: Date.now() + NINETY_DAYS_MS })
    .where("expires_at", "is", null)
    .execute();
  await db.schema.createIndex("tokens_user").on("tokens").column("user_id").execute();
  await db.schema.createIndex("tokens_expires").on("tokens").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tokens_expires").execute();
  await db.schema.dropIndex("tokens_user").execute();
  await db.schema.alterTable("tokens").dropColumn("kind").execute();
  await db.schema.alterTable("tokens").dropColumn("expires_at").execute();
}
