// Test helper: the api's Hono app served in-process through app.request(), with no listening
// socket and no worker — a fresh database (SQLite or Postgres), a private Redis prefix, a temp
// data dir. What the route-policy and fuzz tests drive.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REDIS_URL, ROOT } from "@bsod/testkit";
import { pino } from "pino";
import { loadConfig } from "../src/config.ts";
import { type BuiltApp, buildApp } from "../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

export interface InProcessApi extends BuiltApp {
  dataDir: string;
  database: TestDatabase;
  /** A request to the app as a client on loopback would send it; `route` starts at the root. */
  fetch(route: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function inProcessApi(
  opts: { kind?: "sqlite" | "postgres"; env?: Record<string, string> } = {},
): Promise<InProcessApi> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-app-"));
  const database = await createTestDatabase(opts.kind ?? "sqlite");
  await database.db.destroy();
  const config = loadConfig({
    DATA_DIR: dataDir,
    REDIS_URL,
    CHALLENGES_DIR: path.join(ROOT, "challenges"),
    BSOD_QUEUE_PREFIX: `bsodtest-${randomBytes(4).toString("hex")}`,
    BSOD_DEMO: "1",
    LOG_LEVEL: "silent",
    ...opts.env,
  });
  config.database = database.config;
  const built = await buildApp(config, pino({ level: "silent" }));
  built.bindUrl("http://127.0.0.1:1");
  return {
    ...built,
    dataDir,
    database,
    fetch: async (route, init) => built.app.request(`http://127.0.0.1${route}`, init),
    async stop() {
      await built.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
