// The audit log: one row per organizer action (who, what, when, on which jam or user). Frozen.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("at", "bigint", (c) => c.notNull())
    // No foreign key: the log outlives the accounts and jams it speaks of.
    .addColumn("actor_id", "varchar(40)", (c) => c.notNull())
    .addColumn("actor_username", "varchar(40)", (c) => c.notNull())
    .addColumn("action", "varchar(40)", (c) => c.notNull())
    .addColumn("jam_id", "varchar(40)")
    .addColumn("jam_slug", "varchar(64)")
    .addColumn("target", "text")
    .addColumn("details", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_jam").on("audit_log").columns(["jam_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
}
