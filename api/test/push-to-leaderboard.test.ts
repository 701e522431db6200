// The walking skeleton end to end: sign up, join the demo jam, `git push` with the real git CLI,
// grading in a real Docker sandbox by a real worker, the live log in the push output, and the
// leaderboard crediting exactly the stages that passed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, copyDir, git, ROOT, type Stack, signUp, startStack, withToken } from "./stack.ts";

const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");
const METRICS_TOKEN = "metrics-token-for-the-test";

let stack: Stack;
let work: string;

beforeAll(async () => {
  stack = await startStack({ env: { METRICS_TOKEN } });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-push-"));
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function leaderboardRow(username: string) {
  const board = await call(stack, "GET", "/jams/hello-demo/leaderboard");
  expect(board.status).toBe(200);
  return (board.body.entries as Array<{ user: { username: string }; stagesCompleted: number; rank: number }>).find(
    (e) => e.user.username === username,
  );
}

describe("push to leaderboard", () => {
  let token: string;
  let remote: string;
  let repo: string;

  it("gives an enrolled participant a git remote that only their token opens", async () => {
    token = await signUp(stack, "alice");
    const enrolled = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.cloneUrl).toBe(`${stack.url}/git/alice/hello-demo.git`);
    // Joining hands out a git-only token, shown once; it clones but cannot call the api.
    expect(enrolled.body.gitToken.secret).toMatch(/^bsod_pat_/);
    expect((await call(stack, "GET", "/auth/me", undefined, enrolled.body.gitToken.secret)).status).toBe(401);
    remote = withToken(enrolled.body.cloneUrl, "alice", enrolled.body.gitToken.secret);

    const cloned = await git(["clone", remote, "repo"], work);
    expect(cloned.code, cloned.stderr).toBe(0);
    repo = path.join(work, "repo");
    expect(fs.existsSync(path.join(repo, "bsod.yml"))).toBe(true);

    const mallory = await signUp(stack, "mallory");
    const stolen = await git(["clone", withToken(enrolled.body.cloneUrl, "mallory", mallory), "stolen"], work);
    expect(stolen.code).not.toBe(0);
    expect(fs.existsSync(path.join(work, "stolen", "bsod.yml"))).toBe(false);
    const noToken = await git(["clone", enrolled.body.cloneUrl, "anon"], work);
    expect(noToken.code).not.toBe(0);
  });

  it("streams a failing run into the push, names the failing stage, and credits nothing", async () => {
    // The starter as it comes: builds, but fails stage 1.
    fs.appendFileSync(path.join(repo, "bsod.yml"), "\n");
    await git(["commit", "-am", "first try"], repo);
    const push = await git(["push", "origin", "HEAD:main"], repo);
    // A plain git push gets coloured verdicts; the text is the same without the colour codes.
    expect(push.stderr).toMatch(/remote: .*\u001b\[31m/);
    const plain = push.stderr.replace(/\u001b\[[0-9;]*m/g, "");
    expect(push.code, push.stderr).toBe(0);
    expect(plain).toMatch(/remote: bsod: grading [0-9a-f]{7}/);
    expect(plain).toMatch(/remote: ▸ stage 1: hello-world/);
    expect(plain).toMatch(/remote: ✗ hello-world: wrong behaviour/);
    expect(plain).toMatch(/remote: result: wrong behaviour — 0\/1 stage/);
    // The verdict once, after the stage it judges.
    expect(plain.match(/remote: result: /g)).toHaveLength(1);
    expect(plain.indexOf("remote: result: ")).toBeGreaterThan(plain.indexOf("remote: ✗ hello-world"));
    expect(plain).not.toMatch(/✓ hello-world passed/);
    expect(plain).toMatch(
      /remote: bsod: fix stage 1 \(.+\): read it with `bsod next` or at http:\/\/.+\/jams\/hello-demo\/stages\/hello-world/,
    );
    const row = await leaderboardRow("alice");
    expect(row?.stagesCompleted).toBe(0);
  });

  it("streams a passing run live, then the leaderboard credits every stage", async () => {
    for (const f of fs.readdirSync(SOLUTION)) copyDir(path.join(SOLUTION, f), path.join(repo, f));
    await git(["add", "-A"], repo);
    await git(["commit", "-m", "solve it"], repo);

    // Live, not replayed at the end: when the first stage line reaches the terminal, the
    // submission is not yet judged in the database.
    const statusWhenStageStarted: string[] = [];
    const pending: Array<Promise<void>> = [];
    const push = await git(["push", "-o", "nocolor", "origin", "HEAD:main"], repo, (line) => {
      if (line.includes("▸ stage 1: hello-world")) {
        pending.push(
          stack.api.deps.db
            .selectFrom("submissions")
            .select("status")
            .orderBy("created_at", "desc")
            .executeTakeFirstOrThrow()
            .then((r) => {
              statusWhenStageStarted.push(r.status);
            }),
        );
      }
    });
    await Promise.all(pending);
    expect(push.code, push.stderr).toBe(0);
    expect(statusWhenStageStarted).toEqual(["queued"]);
    expect(push.stderr).toMatch(/remote: ✓ hello-world passed/);
    expect(push.stderr).toMatch(/remote: ✓ echo passed/);
    expect(push.stderr).toMatch(/remote: all 2 stages passed/);
    expect(push.stderr.match(/remote: all 2 stages passed/g)).toHaveLength(1);
    expect(push.stderr.indexOf("remote: all 2 stages passed")).toBeGreaterThan(
      push.stderr.indexOf("remote: ✓ echo passed"),
    );
    expect(push.stderr).toMatch(/remote: bsod: every stage of .+ passed — well done/);

    const row = await leaderboardRow("alice");
    expect(row?.stagesCompleted).toBe(2);
    expect(row?.rank).toBe(1);
    const mallory = await leaderboardRow("mallory");
    expect(mallory).toBeUndefined();
  });

  it("records the result once, with the stage completions of the passing push", async () => {
    const db = stack.api.deps.db;
    const subs = await db.selectFrom("submissions").selectAll().orderBy("created_at").execute();
    expect(subs.map((s) => s.status)).toEqual(["failed", "passed"]);
    expect(subs.every((s) => s.judged_attempt === 1)).toBe(true);
    const completions = await db.selectFrom("stage_completions").selectAll().execute();
    expect(completions.map((c) => c.stage_slug).sort()).toEqual(["echo", "hello-world"]);
    expect(new Set(completions.map((c) => c.submission_id))).toEqual(new Set([subs[1]!.id]));
  });

  it("shows an operator the queue, the runs, the verdicts, SSE clients, HTTP latency and Redis at /metrics", async () => {
    const anonymous = await fetch(`${stack.url}/metrics`);
    expect(anonymous.status).toBe(401);
    // A spectator following the board while the scrape happens.
    const ac = new AbortController();
    const events = await fetch(`${stack.url}/api/v1/jams/hello-demo/events`, { signal: ac.signal });
    const reader = events.body!.getReader();
    await reader.read(); // ": subscribed"
    try {
      const res = await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      const value = (series: string) => {
        const line = text.split("\n").find((l) => l.startsWith(`${series} `));
        return line === undefined ? undefined : Number(line.slice(series.length + 1));
      };
      expect(value('bsod_queue_jobs{state="waiting"}')).toBe(0);
      expect(value('bsod_queue_jobs{state="failed"}')).toBe(0);
      expect(value("bsod_queue_oldest_waiting_seconds")).toBe(0);
      expect(value("bsod_runs_in_flight")).toBe(0);
      // The two pushes above: one failed, one passed, each stage timed.
      expect(value('bsod_verdicts_total{track="hello",verdict="failed"}')).toBe(1);
      expect(value('bsod_verdicts_total{track="hello",verdict="passed"}')).toBe(1);
      expect(value('bsod_grading_duration_seconds_count{track="hello",stage="hello-world"}')).toBe(2);
      expect(value('bsod_grading_duration_seconds_count{track="hello",stage="echo"}')).toBe(1);
      expect(value('bsod_sse_clients{stream="jam"}')).toBe(1);
      expect(
        value(
          'bsod_http_request_duration_seconds_count{method="GET",route="/api/v1/jams/:slug/leaderboard",status="200"}',
        ),
      ).toBeGreaterThanOrEqual(3);
      expect(value('bsod_redis_memory_bytes{kind="used"}')).toBeGreaterThan(0);
      expect(value("bsod_api_process_resident_memory_bytes")).toBeGreaterThan(0);
    } finally {
      ac.abort();
    }
  });
});
