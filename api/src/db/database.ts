// Opens the database named by the config (SQLite file or Postgres) and migrates it.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { ApiConfig } from "../config.ts";
import { migrations } from "./migrations/index.ts";
import type { Database, Db } from "./schema.ts";

// bigint columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

/**
 * `onConnectionError`: a Postgres connection broke (the server restarted, the network went
 * away). The pool drops it and opens another on the next query; without a listener the error
 * would end the process.
 */
export function openDatabase(database: ApiConfig["database"], onConnectionError: (err: Error) => void = () => {}): Db {
  if (database.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: database.url, max: 10, connectionTimeoutMillis: 5_000 });
    pool.on("error", onConnectionError);
    // A connection that breaks while a query holds it fails that query, and also emits 'error'
    // on its client, which has no listener while checked out: that would end the process.
    pool.on("connect", (client) => client.on("error", onConnectionError));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}
