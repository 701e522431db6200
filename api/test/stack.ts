// Test helper: a real api (in this process) and a real grading worker (child process) on a
// private queue prefix, a temp data dir and a fresh database; plus small API and git clients.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { copyDir, type GitResult, git, REDIS_URL, ROOT } from "@bsod/testkit";
import { pino } from "pino";
import { loadConfig } from "../src/config.ts";
import { type RunningApi, startApi } from "../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

export { copyDir, type GitResult, git, REDIS_URL, ROOT };

export interface Stack {
  api: RunningApi;
  url: string;
  dataDir: string;
  database: TestDatabase;
  prefix: string;
  worker: ChildProcess | null;
  startWorker(): Promise<ChildProcess>;
  stop(): Promise<void>;
}

export async function startStack(
  opts: {
    kind?: "sqlite" | "postgres";
    worker?: boolean;
    env?: Record<string, string>;
    /** Rewrites the Postgres URL the api connects with (e.g. through a proxy a test can cut). */
    databaseVia?: (url: string) => string;
  } = {},
): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-stack-"));
  const database = await createTestDatabase(opts.kind ?? "sqlite");
  const prefix = `bsodtest-${randomBytes(4).toString("hex")}`;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    REDIS_URL,
    CHALLENGES_DIR: path.join(ROOT, "challenges"),
    BSOD_QUEUE_PREFIX: prefix,
    LOG_LEVEL: "warn",
    ...opts.env,
  });
  config.database =
    opts.databaseVia && database.config.kind === "postgres"
      ? { ...database.config, url: opts.databaseVia(database.config.url) }
      : database.config;
  await database.db.destroy();
  const api = await startApi(config, pino({ level: "warn" }));
  const stack: Stack = {
    api,
    url: api.url,
    dataDir,
    database,
    prefix,
    worker: null,
    async startWorker() {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "worker/src/main.ts")], {
        cwd: ROOT,
        env: { ...process.env, REDIS_URL, BSOD_QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: "2", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (d) => {
        stderr += d;
      });
      await new Promise<void>((resolve, reject) => {
        const rl = readline.createInterface({ input: child.stdout! });
        rl.on("line", (line) => {
          if (/"msg":"grading worker ready"/.test(line)) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
      });
      child.stdout?.resume();
      stack.worker = child;
      return child;
    },
    async stop() {
      if (stack.worker && stack.worker.exitCode === null) {
        const w = stack.worker;
        const exited = new Promise((r) => w.once("exit", r));
        w.kill("SIGTERM");
        await exited;
      }
      await api.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (opts.worker !== false) await stack.startWorker();
  return stack;
}

export async function call<T = any>(
  stack: Stack,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.url}/api/v1${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function signUp(stack: Stack, username: string): Promise<string> {
  // A token for the api and for git, as a script would ask for one (a browser gets a cookie instead).
  const res = await call(stack, "POST", "/auth/signup", {
    username,
    password: "correct horse battery",
    token: { name: "test", scopes: ["api", "git"] },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${JSON.stringify(res.body)}`);
  return res.body.token.secret as string;
}

export function withToken(cloneUrl: string, username: string, token: string): string {
  const u = new URL(cloneUrl);
  u.username = username;
  u.password = token;
  return u.toString();
}
