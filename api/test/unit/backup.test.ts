// Backups as an organizer takes them: `bsod admin backup` of a running embedded deployment,
// `bsod admin restore` into a fresh data dir, and a deployment started from it (with a Redis of
// its own, empty: the database is the truth) shows the identical board and serves the same
// repositories. Only organizers may take one; a backup never restores over existing data.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, run } from "@bsod/testkit";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Jam } from "../../src/db/tables/jams.ts";
import { type RunningApi, startApi } from "../../src/server.ts";
import { judged, organizerToken } from "../results.ts";
import { call, git, ROOT, type Stack, signUp, startStack, withToken } from "../stack.ts";

const BSOD = path.join(ROOT, "packages/cli/bin/bsod");
let stack: Stack;
let tmp: string;
let restoredApi: RunningApi | undefined;
let redis: ChildProcess | undefined;

const bsod = (args: string[], env: Record<string, string>) =>
  run(BSOD, args, { cwd: tmp, env: { NO_COLOR: "1", ...env } });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-backup-test-"));
  stack = await startStack({ worker: false, env: { PUSH_WAIT_MS: "0" } });
});
afterAll(async () => {
  await restoredApi?.close();

  redis?.kill("SIGKILL");
  await stack?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores a running deployment into a fresh data dir with the identical board and repositories", async () => {
    // A jam with a board and a pushed repository.
    const jam = (await stack.api.deps.db
      .selectFrom("jams")
      .selectAll()
      .where("slug", "=", "hello-demo")
      .executeTakeFirstOrThrow()) as Jam;
    const stages = ["hello-world", "echo"];
    const tokens: Record<string, string> = {};
    for (const name of ["ada", "bob", "cy"]) {
      tokens[name] = await signUp(stack, name);
      expect((await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, tokens[name])).status).toBe(
        201,
      );
    }
    await judged(stack, jam, "ada", 10, 2, stages);
    await judged(stack, jam, "bob", 5, 1, stages);
    await judged(stack, jam, "cy", 20, 2, stages);
    const enroll = await call(stack, "GET", "/jams/hello-demo/me", undefined, tokens.ada);
    const cloneUrl: string = enroll.body.cloneUrl ?? `${stack.url}/git/ada/hello-demo.git`;
    const work = path.join(tmp, "ada");
    expect((await git(["clone", withToken(cloneUrl, "ada", tokens.ada!), work], tmp)).code).toBe(0);
    fs.writeFileSync(path.join(work, "main.py"), 'print("Hello, BSOD!")\n');
    await git(["add", "main.py"], work);
    await git(["commit", "-m", "hello"], work);
    const pushed = await git(["push", "origin", "HEAD:main"], work);
    expect(pushed.code, pushed.stderr).toBe(0);
    const head = (await git(["rev-parse", "HEAD"], work)).stdout.trim();
    const board = await call(stack, "GET", "/jams/hello-demo/leaderboard");
    expect(board.body.entries.map((r: { user: { username: string } }) => r.user.username)).toEqual([
      "ada",
      "cy",
      "bob",
    ]);

    // Participants may not take one; organizers may.
    const env = { BSOD_SERVER: stack.url, XDG_CONFIG_HOME: tmp };
    const denied = await bsod(["admin", "backup", "-o", "x.tar.gz"], { ...env, BSOD_TOKEN: tokens.ada! });
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/^bsod: .*organizer/m);
    const token = await organizerToken(stack);
    const saved = await bsod(["admin", "backup", "-o", "jam.tar.gz"], { ...env, BSOD_TOKEN: token });
    expect(saved.code, saved.err).toBe(0);
    expect(saved.out).toMatch(/✓ backup of .* saved to .*jam\.tar\.gz/);

    // Never over existing data.
    const busy = path.join(tmp, "busy");
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, "keep"), "mine");
    const refused = await bsod(["admin", "restore", "jam.tar.gz", "--data-dir", busy], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("is not empty");
    expect(fs.readFileSync(path.join(busy, "keep"), "utf8")).toBe("mine");

    const fresh = path.join(tmp, "restored");
    const restored = await bsod(["admin", "restore", "jam.tar.gz", "--data-dir", fresh], env);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/restored \d+ files \(3 repositories\)/);

    // A deployment started from it: its own, empty Redis.
    const port = await freePort();
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
    await new Promise<void>((resolve) => redis!.stdout?.on("data", (d) => String(d).includes("Ready") && resolve()));
    restoredApi = await startApi(
      loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: fresh,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        CHALLENGES_DIR: path.join(ROOT, "challenges"),
        LOG_LEVEL: "warn",
      }),
      pino({ level: "warn" }),
    );
    const again = await fetch(`${restoredApi.url}/api/v1/jams/hello-demo/leaderboard`);
    expect(await again.json()).toEqual(board.body);
    const copy = path.join(tmp, "copy");
    const cloned = await git(
      ["clone", withToken(cloneUrl.replace(stack.url, restoredApi.url), "ada", tokens.ada!), copy],
      tmp,
    );
    expect(cloned.code, cloned.stderr).toBe(0);
    expect((await git(["rev-parse", "HEAD"], copy)).stdout.trim()).toBe(head);
    // The organizer's password came along.
    expect(fs.readFileSync(path.join(fresh, "organizer-password"), "utf8")).toBe(
      fs.readFileSync(path.join(stack.dataDir, "organizer-password"), "utf8"),
    );
  });
});
