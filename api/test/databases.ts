// Test helper: the same suite against a fresh SQLite file and a fresh Postgres database.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { ApiConfig } from "../src/config.ts";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import type { Db } from "../src/db/schema.ts";
import type { NewJam } from "../src/db/tables/jams.ts";

export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: "sqlite" | "postgres";
  config: ApiConfig["database"];
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: "sqlite" | "postgres"): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-db-"));
    const config = { kind: "sqlite" as const, file: path.join(dir, "test.sqlite") };
    const db = openDatabase(config);
    await migrateToLatest(db);
    return {
      kind,
      config,
      db,
      async drop() {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bsod_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const config = { kind: "postgres" as const, url: url.toString() };
  const db = openDatabase(config);
  await migrateToLatest(db);
  return {
    kind,
    config,
    db,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const DATABASE_KINDS = ["sqlite", "postgres"] as const;

/** A published, running jam row with every field filled; override what a test cares about. */
export function testJam(over: Partial<NewJam> & Pick<NewJam, "id" | "slug" | "track_slug">): NewJam {
  return {
    title: "Test jam",
    description: "",
    state: "published",
    paused: 0,
    registration_opens_at: null,
    starts_at: 0,
    ends_at: Date.now() + 1e9,
    freeze_at: null,
    revealed_at: null,
    late_registration: 1,
    unlock: JSON.stringify({ mode: "all" }),
    scoring_mode: "stages",
    scoring_options: "{}",
    created_at: 1,
    updated_at: 1,
    ...over,
  };
}
