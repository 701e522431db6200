// The data layer on SQLite and on Postgres: accounts, tokens, results applied exactly once,
// and the leaderboard computed from stage completions.
import { newId, type RunResult } from "@bsod/contracts";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueToken, KEEP_DEAD_TOKENS_MS, pruneTokens, revokeToken, userForToken } from "../../src/auth/tokens.ts";
import { checkPassword, createUser } from "../../src/auth/users.ts";
import type { Submission } from "../../src/db/tables/submissions.ts";
import { computeLeaderboard } from "../../src/scoring/leaderboard.ts";
import { applyResult } from "../../src/submissions/results.ts";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase, testJam } from "../databases.ts";

const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
afterAll(() => redis.disconnect());

function passedThrough(n: number, of: string[]): RunResult {
  const stages = of.slice(0, Math.min(n + 1, of.length)).map((slug, i) => ({
    slug,
    status: i < n ? ("passed" as const) : ("failed" as const),
    durationMs: 10,
    ...(i < n ? {} : { message: "expected Hello, BSOD!" }),
  }));
  return {
    version: 1,
    status: n >= of.length ? "passed" : "failed",
    build: { status: "passed", durationMs: 5 },
    stages,
  };
}

describe.each(DATABASE_KINDS)("data layer on %s", (kind) => {
  let t: TestDatabase;
  const STAGES = ["hello-world", "echo", "third"];
  let jamId: string;

  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await t.db
      .insertInto("tracks")
      .values({
        slug: "demo",
        title: "Demo",
        summary: "s",
        languages: '["python"]',
        limits: null,
        harness_hash: "h",
        updated_at: 1,
      })
      .execute();
    for (const [i, slug] of STAGES.entries()) {
      await t.db
        .insertInto("stages")
        .values({
          track_slug: "demo",
          slug,
          position: i + 1,
          title: slug,
          difficulty: "easy",
          points: 100,
          readme: "",
          limits: null,
        })
        .execute();
    }
    jamId = newId("jam");
    await t.db
      .insertInto("jams")
      .values(testJam({ id: jamId, slug: "demo-jam", track_slug: "demo" }))
      .execute();
  });
  afterEach(async () => t.drop());

  const apply = async (msg: Parameters<typeof applyResult>[1]) => (await applyResult({ db: t.db, redis }, msg)).outcome;

  async function participant(username: string, joinedAt: number) {
    const user = await createUser(t.db, { username, password: "correct horse" });
    await t.db
      .insertInto("enrollments")
      .values({
        id: newId("enr"),
        jam_id: jamId,
        user_id: user.id,
        language: "python",
        hidden: 0,
        created_at: joinedAt,
      })
      .execute();
    return user;
  }

  async function submission(userId: string, createdAt: number, counted = true): Promise<Submission> {
    const sub: Submission = {
      id: newId("sub"),
      jam_id: jamId,
      user_id: userId,
      commit_sha: "a".repeat(40),
      ref: "refs/heads/main",
      language: "python",
      runner: '{"image":"x","build":null,"run":"python3 main.py"}',
      status: "queued",
      stages: JSON.stringify(STAGES),
      counted: counted ? 1 : 0,
      attempt: 1,
      judged_attempt: 0,
      result: null,
      failed_stage: null,
      created_at: createdAt,
      finished_at: null,
    };
    await t.db.insertInto("submissions").values(sub).execute();
    return sub;
  }

  it("stores accounts with hashed passwords and rejects a taken username", async () => {
    const alice = await createUser(t.db, { username: "alice", password: "correct horse" });
    expect(alice.password_hash).not.toContain("correct horse");
    expect((await checkPassword(t.db, "alice", "correct horse"))?.id).toBe(alice.id);
    expect(await checkPassword(t.db, "alice", "wrong password")).toBeUndefined();
    await expect(createUser(t.db, { username: "alice", password: "another one" })).rejects.toThrow(/taken/);
  });

  it("accepts a token until it is revoked, and only for its scopes", async () => {
    const alice = await createUser(t.db, { username: "alice", password: "correct horse" });
    const { id, token } = await issueToken(t.db, alice.id, { name: "cli", scopes: ["git"] });
    expect((await userForToken(t.db, token, "git"))?.username).toBe("alice");
    expect(await userForToken(t.db, token, "api")).toBeUndefined();
    expect(await userForToken(t.db, `${token}x`, "git")).toBeUndefined();
    expect(await revokeToken(t.db, alice.id, id)).toBe(true);
    expect(await userForToken(t.db, token, "git")).toBeUndefined();
  });

  it("refuses an expired token, and deletes long-dead rows but not live or recently dead ones", async () => {
    const alice = await createUser(t.db, { username: "alice", password: "correct horse" });
    const expired = await issueToken(t.db, alice.id, { name: "old", scopes: ["api"], ttlMs: -1 });
    expect(await userForToken(t.db, expired.token, "api")).toBeUndefined();
    const live = await issueToken(t.db, alice.id, { name: "live", scopes: ["api"] });
    const revoked = await issueToken(t.db, alice.id, { name: "revoked", scopes: ["api"] });
    await revokeToken(t.db, alice.id, revoked.id);
    const later = Date.now() + KEEP_DEAD_TOKENS_MS + 60_000;
    // a month on: the expired and the revoked rows go, the live one (90 days) stays
    expect(await pruneTokens(t.db, Date.now())).toBe(0);
    expect(await pruneTokens(t.db, later)).toBe(2);
    const left = await t.db.selectFrom("tokens").select("id").where("user_id", "=", alice.id).execute();
    expect(left.map((r) => r.id)).toEqual([live.id]);
  });

  it("applies a result once and records completions once", async () => {
    const alice = await participant("alice", 1);
    const sub = await submission(alice.id, 1000);
    const msg = { submissionId: sub.id, attempt: 1, result: passedThrough(2, STAGES), worker: "w", finishedAt: 2000 };
    expect(await apply(msg)).toBe("applied");
    expect(await apply(msg)).toBe("duplicate");
    const row = await t.db.selectFrom("submissions").selectAll().where("id", "=", sub.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.judged_attempt).toBe(1);
    const done = await t.db
      .selectFrom("stage_completions")
      .select(["stage_slug", "completed_at"])
      .where("user_id", "=", alice.id)
      .orderBy("stage_slug")
      .execute();
    expect(done).toEqual([
      { stage_slug: "echo", completed_at: 1000 },
      { stage_slug: "hello-world", completed_at: 1000 },
    ]);
  });

  it("ignores unknown submissions and results of superseded attempts", async () => {
    const alice = await participant("alice", 1);
    const sub = await submission(alice.id, 1000);
    await t.db.updateTable("submissions").set({ attempt: 2 }).where("id", "=", sub.id).execute();
    const result = passedThrough(3, STAGES);
    expect(await apply({ submissionId: "sub_missing", attempt: 1, result, worker: "w", finishedAt: 1 })).toBe(
      "unknown",
    );
    expect(await apply({ submissionId: sub.id, attempt: 1, result, worker: "w", finishedAt: 1 })).toBe("stale");
    expect(await apply({ submissionId: sub.id, attempt: 2, result, worker: "w", finishedAt: 1 })).toBe("applied");
  });

  it("keeps every judgement and lets a rejudge take a stage away", async () => {
    const alice = await participant("alice", 1);
    const sub = await submission(alice.id, 1000);
    await apply({ submissionId: sub.id, attempt: 1, result: passedThrough(3, STAGES), worker: "w1", finishedAt: 2000 });
    await t.db.updateTable("submissions").set({ attempt: 2 }).where("id", "=", sub.id).execute();
    await apply({ submissionId: sub.id, attempt: 2, result: passedThrough(1, STAGES), worker: "w2", finishedAt: 3000 });
    const history = await t.db
      .selectFrom("judgements")
      .select(["attempt", "status", "worker"])
      .where("submission_id", "=", sub.id)
      .orderBy("attempt")
      .execute();
    expect(history).toEqual([
      { attempt: 1, status: "passed", worker: "w1" },
      { attempt: 2, status: "failed", worker: "w2" },
    ]);
    const done = await t.db
      .selectFrom("stage_completions")
      .select("stage_slug")
      .where("user_id", "=", alice.id)
      .execute();
    expect(done.map((d) => d.stage_slug)).toEqual(["hello-world"]);
    const row = await t.db
      .selectFrom("submissions")
      .select(["failed_stage", "status"])
      .where("id", "=", sub.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_stage: "echo", status: "failed" });
  });

  it("does not credit uncounted test runs", async () => {
    const alice = await participant("alice", 1);
    const sub = await submission(alice.id, 1000, false);
    await applyResult(
      { db: t.db, redis },
      { submissionId: sub.id, attempt: 1, result: passedThrough(3, STAGES), worker: "w", finishedAt: 2 },
    );
    const board = await computeLeaderboard(
      t.db,
      await t.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirstOrThrow(),
    );
    expect(board.entries[0]?.stagesCompleted).toBe(0);
  });

  it("ranks by stages completed, then by the earlier last completion, with ties sharing a rank", async () => {
    const alice = await participant("alice", 1);
    const bob = await participant("bob", 2);
    const carol = await participant("carol", 3);
    const dave = await participant("dave", 4);
    const solve = async (userId: string, at: number, n: number) => {
      const sub = await submission(userId, at);
      await applyResult(
        { db: t.db, redis },
        { submissionId: sub.id, attempt: 1, result: passedThrough(n, STAGES), worker: "w", finishedAt: at + 1 },
      );
    };
    await solve(alice.id, 5000, 2);
    await solve(bob.id, 4000, 2); // same count as alice, earlier
    await solve(carol.id, 9000, 3); // most stages
    await solve(dave.id, 4000, 2); // ties bob exactly
    const board = await computeLeaderboard(
      t.db,
      await t.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirstOrThrow(),
    );
    expect(board.entries.map((e) => [e.rank, e.user.username, e.stagesCompleted])).toEqual([
      [1, "carol", 3],
      [2, "bob", 2],
      [2, "dave", 2],
      [4, "alice", 2],
    ]);
    expect(board.stages.map((s) => s.slug)).toEqual(STAGES);
    expect(Object.fromEntries(Object.entries(board.entries[0]!.stages).map(([k, v]) => [k, v.solvedAt]))).toEqual({
      "hello-world": 9000,
      echo: 9000,
      third: 9000,
    });
  });
});
