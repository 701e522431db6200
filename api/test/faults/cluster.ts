// A whole deployment in processes a fault test can kill: its own Redis server, the api and the
// grading workers as child processes (kill -9 is a real kill -9), participants who push with the
// real git CLI, and the checks every fault must leave true:
//   every accepted push (its commit is the repository's main) ends with exactly one submission
//   and one judgement, judged; and the leaderboard equals a recomputation from the database.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { QUEUE_NAMES, type RunResult, redisKeys } from "@bsod/contracts";
import { createDocker, LABEL } from "@bsod/grader";
import { sandboxContainers } from "@bsod/grader/testing";
import { copyDir, git, ROOT, until } from "@bsod/testkit";
import { Queue } from "bullmq";
import { expect } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import type { Db } from "../../src/db/schema.ts";
import { freePort } from "../faults.ts";

const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");
const JAM = "hello-demo";
const FINAL = new Set(["passed", "failed", "compile_error", "timeout", "memory_limit", "output_limit", "crashed"]);

/** Resolves when the child prints a line matching `ready`; rejects if it exits first. */
function waitForLine(child: ChildProcess, ready: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      if (ready.test(line)) resolve();
    });
    child.once("exit", (code, signal) => reject(new Error(`${what} exited (${code ?? signal}): ${stderr}`)));
  });
}

export interface Participant {
  username: string;
  token: string;
  clone: string;
  /** The commit this participant pushes (the reference solution). */
  sha: string;
}

export interface ClusterOptions {
  /** Redis persists to an append-only file (the embedded Redis of `npm start` does). */
  appendOnly?: boolean;
  /** The api's database: its own SQLite file (default), or a Postgres URL. */
  databaseUrl?: string;
  env?: Record<string, string>;
  /** The Docker engine the workers grade on (default: the machine's). */
  dockerHost?: string;
}

export class Cluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-faults-"));
  readonly prefix = `bsodfault-${randomBytes(3).toString("hex")}`;
  redisPort = 0;
  apiPort = 0;
  redis: ChildProcess | undefined;
  api: ChildProcess | undefined;
  readonly workers = new Map<string, ChildProcess>();
  private db: Db | undefined;

  constructor(private readonly opts: ClusterOptions = {}) {}

  get url() {
    return `http://127.0.0.1:${this.apiPort}`;
  }
  get redisUrl() {
    return `redis://127.0.0.1:${this.redisPort}`;
  }

  async startRedis(): Promise<void> {
    if (!this.redisPort) this.redisPort = await freePort();
    const persist = this.opts.appendOnly
      ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", this.dir]
      : ["--appendonly", "no"];
    const child = spawn(
      "redis-server",
      ["--port", String(this.redisPort), "--bind", "127.0.0.1", "--save", "", ...persist],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await waitForLine(child, /Ready to accept connections/, "redis-server");
    child.stdout?.resume();
    this.redis = child;
  }

  async startApi(): Promise<void> {
    if (!this.apiPort) this.apiPort = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "api/src/main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.apiPort),
        HOST: "127.0.0.1",
        DATA_DIR: path.join(this.dir, "data"),
        REDIS_URL: this.redisUrl,
        BSOD_QUEUE_PREFIX: this.prefix,
        CHALLENGES_DIR: path.join(ROOT, "challenges"),
        PUSH_WAIT_MS: "1",
        RECONCILE_EVERY_MS: "2000",
        MAX_WAITING_RUNS: "10",
        LOG_LEVEL: "info",
        ...(this.opts.databaseUrl ? { DATABASE_URL: this.opts.databaseUrl } : {}),
        ...this.opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await waitForLine(child, /"msg":"ready"/, "api");
    this.logTo(child, "api");
    this.api = child;
  }

  async startWorker(id: string): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "worker/src/main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: this.redisUrl,
        BSOD_QUEUE_PREFIX: this.prefix,
        WORKER_ID: id,
        WORKER_CONCURRENCY: "2",
        WORKER_LOCK_MS: "4000",
        ...(this.opts.dockerHost ? { DOCKER_HOST: this.opts.dockerHost } : {}),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await waitForLine(child, /"msg":"grading worker ready"/, `worker ${id}`);
    this.logTo(child, `worker-${id}`);
    this.workers.set(id, child);
  }

  /** Appends a child's output to <dir>/logs/<name>.log (kept after the run with BSOD_FAULTS_KEEP=1). */
  private logTo(child: ChildProcess, name: string): void {
    fs.mkdirSync(path.join(this.dir, "logs"), { recursive: true });
    const out = fs.createWriteStream(path.join(this.dir, "logs", `${name}.log`), { flags: "a" });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }

  async start(workers = 2): Promise<void> {
    await this.startRedis();
    await this.startApi();
    for (let i = 1; i <= workers; i++) await this.startWorker(`w${i}`);
  }

  /** Sends a signal and waits for the process to be gone. */
  async kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await gone;
  }

  async call<T = any>(method: string, route: string, body?: unknown, token?: string) {
    const res = await fetch(`${this.url}/api/v1${route}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: (await res.json().catch(() => null)) as T,
    };
  }

  /** `n` participants, each enrolled with a clone holding the reference solution, committed. */
  async participants(n: number): Promise<Participant[]> {
    const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, "0")}`);
    const out: Participant[] = [];
    // A few at a time: sign-ups hash passwords, clones run git.
    for (let i = 0; i < names.length; i += 4) {
      out.push(...(await Promise.all(names.slice(i, i + 4).map((u) => this.participant(u)))));
    }
    return out;
  }

  private async participant(username: string): Promise<Participant> {
    const signup = await this.call("POST", "/auth/signup", {
      username,
      password: "correct horse battery",
      token: { name: "faults", scopes: ["api", "git"] },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const token = signup.body.token.secret as string;
    const enrolled = await this.call("POST", `/jams/${JAM}/enroll`, { language: "python" }, token);
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const remote = new URL(enrolled.body.cloneUrl);
    remote.username = username;
    remote.password = enrolled.body.gitToken.secret;
    const clone = path.join(this.dir, "clones", username);
    fs.mkdirSync(path.dirname(clone), { recursive: true });
    expect((await git(["clone", "-q", remote.toString(), clone], this.dir)).code).toBe(0);
    for (const f of fs.readdirSync(SOLUTION)) copyDir(path.join(SOLUTION, f), path.join(clone, f));
    await git(["add", "-A"], clone);
    await git(["commit", "-qm", "solve it"], clone);
    const sha = (await git(["rev-parse", "HEAD"], clone)).stdout.trim();
    return { username, token, clone, sha };
  }

  /** Pushes each participant's commit at once; resolves with each push's exit code. */
  pushAll(parts: Participant[]): Promise<number[]> {
    return Promise.all(parts.map(async (p) => (await git(["push", "-q", "origin", "HEAD:main"], p.clone)).code));
  }

  database(): Db {
    this.db ??= openDatabase(
      this.opts.databaseUrl
        ? { kind: "postgres", url: this.opts.databaseUrl }
        : { kind: "sqlite", file: path.join(this.dir, "data", "bsod.sqlite") },
    );
    return this.db;
  }

  /** The commit main points at in the participant's repository on the server. */
  async serverMain(p: Participant): Promise<string> {
    const repo = path.join(this.dir, "data", "repos", p.username, `${JAM}.git`);
    return (await git(["rev-parse", "refs/heads/main"], repo)).stdout.trim();
  }

  /** Waits until every accepted push is judged, then checks the invariants. Returns how many were accepted. */
  async settleAndCheck(parts: Participant[], timeoutMs = 240_000): Promise<number> {
    const db = this.database();
    const accepted: Participant[] = [];
    for (const p of parts) if ((await this.serverMain(p)) === p.sha) accepted.push(p);
    // Participants' commits can be the same commit (same tree, parent and time): match by user too.
    const users = await db.selectFrom("users").select(["id", "username"]).execute();
    const idOf = new Map(users.map((u) => [u.username, u.id]));
    await until(
      "every accepted push to be judged",
      async () => {
        const rows = await db.selectFrom("submissions").select(["user_id", "commit_sha", "status"]).execute();
        return accepted.every((p) =>
          rows.some((r) => r.user_id === idOf.get(p.username) && r.commit_sha === p.sha && FINAL.has(r.status)),
        );
      },
      timeoutMs,
    );
    const subs = await db.selectFrom("submissions").selectAll().execute();
    const judgements = await db.selectFrom("judgements").selectAll().execute();
    for (const p of accepted) {
      const userId = users.find((u) => u.username === p.username)!.id;
      const mine = subs.filter((s) => s.user_id === userId && s.commit_sha === p.sha);
      expect(mine, `${p.username}: one submission of ${p.sha}`).toHaveLength(1);
      expect(mine[0]!.status, `${p.username}'s run`).toBe("passed");
      const js = judgements.filter((j) => j.submission_id === mine[0]!.id);
      expect(js, `${p.username}: one judgement`).toHaveLength(1);
    }
    // The board, recomputed from the database: the stages each participant's runs passed.
    const board = await this.call("GET", `/jams/${JAM}/leaderboard`);
    expect(board.status).toBe(200);
    const shown = new Map<string, number>(
      (board.body.entries as Array<{ user: { username: string }; stagesCompleted: number }>).map((e) => [
        e.user.username,
        e.stagesCompleted,
      ]),
    );
    for (const p of parts) {
      const userId = users.find((u) => u.username === p.username)!.id;
      const passed = new Set(
        subs
          .filter((s) => s.user_id === userId && s.counted === 1 && s.result)
          .flatMap((s) => (JSON.parse(s.result!) as RunResult).stages.filter((x) => x.status === "passed"))
          .map((x) => x.slug),
      );
      expect(shown.get(p.username) ?? 0, `${p.username} on the board`).toBe(passed.size);
    }
    return accepted.length;
  }

  /**
   * No sandbox is left behind: `killed`'s (a worker killed with -9) are reaped by the others while
   * they run; then every worker stops (SIGTERM, its warm sandboxes removed) and none of this
   * deployment's remain.
   */
  async expectNoSandboxes(killed?: string): Promise<void> {
    const list = async (filter: Record<string, string>) => {
      if (!this.opts.dockerHost) return sandboxContainers(filter);
      const label = [`${LABEL.sandbox}=1`, ...Object.entries(filter).map(([k, v]) => `${k}=${v}`)];
      return createDocker(this.opts.dockerHost).listContainers({ all: true, filters: { label } });
    };
    const ours = async (filter: Record<string, string> = {}) =>
      (await list(filter)).filter((c) => (c.Labels?.[LABEL.scope] ?? "").startsWith(`${this.prefix}/`));
    if (killed) {
      await until(
        `worker ${killed}'s sandboxes to be reaped`,
        async () => (await ours({ [LABEL.worker]: killed })).length === 0,
        120_000,
      );
    }
    for (const w of this.workers.values()) await this.kill(w, "SIGTERM");
    await until("this deployment's sandboxes to be gone", async () => (await ours()).length === 0, 60_000);
  }

  /** Grading jobs a worker holds right now. */
  async activeRuns(): Promise<number> {
    const queue = new Queue(QUEUE_NAMES.grade, { connection: { url: this.redisUrl }, prefix: this.prefix });
    try {
      return (await queue.getJobCounts("active")).active ?? 0;
    } finally {
      await queue.close();
    }
  }

  async runEventTypes(submissionId: string): Promise<string[]> {
    const { Redis } = await import("ioredis");
    const r = new Redis(this.redisUrl);
    try {
      const entries = await r.xrange(redisKeys.runEvents(submissionId), "-", "+");
      return entries.map(([, f]) => (JSON.parse(f[1] as string) as { type: string }).type);
    } finally {
      r.disconnect();
    }
  }

  async stop(): Promise<void> {
    for (const w of this.workers.values()) await this.kill(w, "SIGKILL");
    await this.kill(this.api, "SIGKILL");
    await this.kill(this.redis, "SIGKILL");
    await this.db?.destroy();
    if (process.env.BSOD_FAULTS_KEEP) console.log(`faults: the deployment's files are kept in ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
