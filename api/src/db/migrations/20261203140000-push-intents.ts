// Pushes accepted at pre-receive but not yet turned into submissions. Frozen (see initial).
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("push_intents")
    .addColumn("jam_id", "varchar(40)", (c) => c.notNull().references("jams.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(40)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("commit_sha", "varchar(64)", (c) => c.notNull())
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("api_instance", "varchar(40)", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("push_intents_pk", ["jam_id", "user_id", "commit_sha"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("push_intents").execute();
}
