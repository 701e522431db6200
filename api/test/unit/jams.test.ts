// Jams end to end through the api (on SQLite and on Postgres): each scoring mode against
// standings computed by hand, ties, decay, first-solve bonus, freeze and reveal, rejudge,
// hiding a participant, and the live SSE stream resuming without gaps.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { type RunResult, redisKeys } from "@bsod/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Submission } from "../../src/db/tables/submissions.ts";
import { applyResult } from "../../src/submissions/results.ts";
import { DATABASE_KINDS } from "../databases.ts";
import { countedSubmission } from "../results.ts";
import { call, type Stack, signUp, startStack } from "../stack.ts";

const MIN = 60_000;

describe.each(DATABASE_KINDS)("jams on %s", (kind) => {
  let stack: Stack;
  let admin: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ kind, worker: false });
    const password = fs.readFileSync(path.join(stack.dataDir, "organizer-password"), "utf8").trim();
    admin = (await call(stack, "POST", "/auth/login", { username: "admin", password, tokenName: "test" })).body.token
      .secret;
    for (const name of ["alice", "bob", "carol"]) tokens[name] = await signUp(stack, name);
  });
  afterAll(async () => stack?.stop());

  async function newJam(slug: string, body: Record<string, unknown>, startsAt: number) {
    const created = await call(
      stack,
      "POST",
      "/admin/jams",
      { slug, track: "hello", title: `Jam ${slug}`, startsAt, endsAt: startsAt + 600 * MIN, ...body },
      admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.jam.phase).toBe("draft");
    // A draft is invisible to everyone but organizers.
    expect((await call(stack, "GET", `/jams/${slug}`)).status).toBe(404);
    expect((await call(stack, "POST", `/admin/jams/${slug}/publish`, {}, admin)).status).toBe(200);
    for (const name of ["alice", "bob", "carol"]) {
      const res = await call(stack, "POST", `/jams/${slug}/enroll`, { language: "python" }, tokens[name]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    return stack.api.deps.db.selectFrom("jams").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  }

  /** A judged submission at a chosen time: passes `passed` stages, fails the next one. */
  async function judged(
    jamId: string,
    username: string,
    at: number,
    passed: number,
    metric?: number,
  ): Promise<Submission> {
    const db = stack.api.deps.db;
    const user = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
    const jam = await db.selectFrom("jams").select("slug").where("id", "=", jamId).executeTakeFirstOrThrow();
    // A real commit (the starter's): a rejudge rebuilds the source from the repository, as the
    // source of a judged run has left Redis.
    const repo = path.join(stack.dataDir, "repos", username, `${jam.slug}.git`);
    const commit = execFileSync("git", ["rev-parse", "refs/heads/main"], { cwd: repo }).toString().trim();
    const sub = { ...countedSubmission(jamId, user.id, at, ["hello-world", "echo"]), commit_sha: commit };
    await db.insertInto("submissions").values(sub).execute();
    await stack.api.deps.redis.set(redisKeys.sourceBlob(sub.id), "not a real tar", "EX", 600);
    await judge(sub, 1, passed, metric);
    return sub;
  }

  async function judge(sub: Submission, attempt: number, passed: number, metric?: number) {
    const slugs = ["hello-world", "echo"];
    const stages: RunResult["stages"] = slugs.slice(0, Math.min(passed + 1, 2)).map((slug, i) => ({
      slug,
      status: i < passed ? "passed" : "failed",
      durationMs: 5,
      ...(i >= passed ? { message: "wrong" } : {}),
      ...(slug === "echo" && metric !== undefined && i < passed
        ? { metric: { name: "ops", value: metric, unit: "ops/s", better: "higher" as const } }
        : {}),
    }));
    const result: RunResult = {
      version: 1,
      status: passed >= 2 ? "passed" : "failed",
      build: { status: "skipped", durationMs: 0 },
      stages,
    };
    const { outcome } = await applyResult(stack.api.deps, {
      submissionId: sub.id,
      attempt,
      result,
      worker: "test",
      finishedAt: sub.created_at + 1,
    });
    expect(outcome).toBe("applied");
  }

  async function board(slug: string, token?: string, view = "public") {
    const res = await call(stack, "GET", `/jams/${slug}/leaderboard?view=${view}`, undefined, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as {
      jam: { frozen: boolean };
      stages: Array<{ slug: string; value: number; solves: number; firstSolver: string | null }>;
      entries: Array<{ rank: number; score: number; user: { username: string }; penaltyMinutes?: number }>;
    };
  }
  const ranks = (b: Awaited<ReturnType<typeof board>>) => b.entries.map((e) => [e.rank, e.user.username, e.score]);

  it("points with linear decay and a first-solve bonus; freeze, reveal and rejudge", async () => {
    const T = Date.now() - 60 * MIN;
    const jam = await newJam(
      `decay-${kind}`,
      {
        freezeAt: T + 25 * MIN,
        scoring: {
          mode: "points",
          options: { decay: { function: "linear", initial: 100, decay: 10, minimum: 50 }, firstSolveBonus: 5 },
        },
      },
      T,
    );
    await judged(jam.id, "alice", T + 10 * MIN, 1);
    await judged(jam.id, "bob", T + 15 * MIN, 1);
    await judged(jam.id, "alice", T + 20 * MIN, 2);
    await judged(jam.id, "carol", T + 30 * MIN, 1);
    const carolEcho = await judged(jam.id, "carol", T + 40 * MIN, 2);

    // Live: hello-world has 3 solvers → 100 − 10×2 = 80; echo 2 solvers → 90.
    // alice 80+5 + 90+5 = 180 (first on both), carol 80+90 = 170, bob 80.
    const live = await board(jam.slug, admin, "live");
    expect(ranks(live)).toEqual([
      [1, "alice", 180],
      [2, "carol", 170],
      [3, "bob", 80],
    ]);
    expect(live.stages.map((s) => [s.slug, s.value, s.solves, s.firstSolver])).toEqual([
      ["hello-world", 80, 3, "alice"],
      ["echo", 90, 2, "alice"],
    ]);

    // Public, frozen at T+25m: hello-world 2 solvers → 90, echo 1 → 100.
    // alice 90+5 + 100+5 = 200, bob 90, carol 0.
    const frozen = await board(jam.slug);
    expect(frozen.jam.frozen).toBe(true);
    expect(ranks(frozen)).toEqual([
      [1, "alice", 200],
      [2, "bob", 90],
      [3, "carol", 0],
    ]);
    expect((await call(stack, "GET", `/jams/${jam.slug}/leaderboard?view=live`, undefined, tokens.bob)).status).toBe(
      403,
    );
    // A participant still sees their own results during the freeze.
    const own = await call(stack, "GET", `/jams/${jam.slug}/participants/carol`, undefined, tokens.carol);
    expect(own.body.participant.score).toBe(170);
    const others = await call(stack, "GET", `/jams/${jam.slug}/participants/carol`, undefined, tokens.bob);
    expect(others.body.participant.score).toBe(0);

    expect((await call(stack, "POST", `/admin/jams/${jam.slug}/reveal`, {}, admin)).status).toBe(200);
    expect(ranks(await board(jam.slug))).toEqual(ranks(live));

    // Rejudge after a harness fix: carol's echo now fails. echo → 1 solver → 100;
    // alice 80+5 + 100+5 = 190; bob and carol 80 each, bob first on time (T+15 < T+30).
    const rejudged = await call(stack, "POST", `/admin/jams/${jam.slug}/rejudge`, { stage: "echo" }, admin);
    expect(rejudged.status).toBe(202);
    // Every run reached echo (a run passing hello-world stops at echo); none is left out.
    expect(rejudged.body.requeued).toBe(5);
    await judge({ ...carolEcho }, 2, 1);
    expect(ranks(await board(jam.slug))).toEqual([
      [1, "alice", 190],
      [2, "bob", 80],
      [3, "carol", 80],
    ]);
  });

  it("stages mode with an ICPC penalty counts failures before a solve only", async () => {
    const T = Date.now() - 120 * MIN;
    const jam = await newJam(
      `icpc-${kind}`,
      { scoring: { mode: "stages", options: { penalty: { minutesPerFailure: 20 } } } },
      T,
    );
    await judged(jam.id, "alice", T + 1 * MIN, 0); // fails hello-world
    await judged(jam.id, "alice", T + 5 * MIN, 1);
    await judged(jam.id, "alice", T + 30 * MIN, 2);
    await judged(jam.id, "bob", T + 2 * MIN, 1);
    await judged(jam.id, "bob", T + 10 * MIN, 2);
    await judged(jam.id, "bob", T + 12 * MIN, 1); // a regression after solving: no penalty
    const b = await board(jam.slug);
    // A run that passes hello-world and stops at echo is a failure at echo.
    // alice: hello-world 5 min + 1 failure (T+1m) → 25; echo 30 min + 1 failure (T+5m) → 50; total 75.
    // bob: hello-world 2 min; echo 10 min + 1 failure (T+2m) → 30; the T+12m regression is after the
    // solve and does not count; total 32. carol: nothing.
    expect(b.entries.map((e) => [e.rank, e.user.username, e.score, e.penaltyMinutes])).toEqual([
      [1, "bob", 2, 32],
      [2, "alice", 2, 75],
      [3, "carol", 0, 0],
    ]);
  });

  it("metric mode ranks a performance stage by the best value, equal values sharing a rank", async () => {
    const T = Date.now() - 120 * MIN;
    const jam = await newJam(`metric-${kind}`, { scoring: { mode: "metric", options: {} } }, T);
    await stack.api.deps.db
      .updateTable("stages")
      .set({ metric: JSON.stringify({ name: "ops", unit: "ops/s", better: "higher" }) })
      .where("track_slug", "=", "hello")
      .where("slug", "=", "echo")
      .execute();
    try {
      await judged(jam.id, "alice", T + 2 * MIN, 2, 500);
      await judged(jam.id, "bob", T + 4 * MIN, 2, 800);
      await judged(jam.id, "bob", T + 6 * MIN, 2, 900);
      await judged(jam.id, "carol", T + 7 * MIN, 2, 500);
      // hello-world 50 each; echo: bob rank 1 → 100, alice and carol rank 2 of 3 → round(100×2/3) = 67.
      // alice and carol tie at 117; alice scored last at T+2m, carol at T+7m.
      expect(ranks(await board(jam.slug))).toEqual([
        [1, "bob", 150],
        [2, "alice", 117],
        [3, "carol", 117],
      ]);
    } finally {
      await stack.api.deps.db.updateTable("stages").set({ metric: null }).where("track_slug", "=", "hello").execute();
    }
  });

  it("shows a stage's instructions once it unlocks, and not before (organizers see every stage)", async () => {
    const slug = `unlock-${kind}`;
    const startsAt = Date.now() - MIN;
    await newJam(slug, { unlock: { mode: "interval", everyMs: 60 * MIN } }, startsAt);
    const open = await call(stack, "GET", `/jams/${slug}/stages/hello-world`, undefined, tokens.alice);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body.stage).toMatchObject({ slug: "hello-world", position: 1, locked: false, unlocksAt: startsAt });
    expect(open.body.stage.readme).toContain("Hello, BSOD!");

    const locked = await call(stack, "GET", `/jams/${slug}/stages/echo`, undefined, tokens.alice);
    expect(locked.status).toBe(403);
    expect(locked.body.error.message).toBe(`stage 2 unlocks at ${new Date(startsAt + 60 * MIN).toISOString()}`);
    expect((await call(stack, "GET", `/jams/${slug}/stages/echo`)).status).toBe(403);

    const preview = await call(stack, "GET", `/jams/${slug}/stages/echo`, undefined, admin);
    expect(preview.status).toBe(200);
    expect(preview.body.stage).toMatchObject({ slug: "echo", locked: true, unlocksAt: startsAt + 60 * MIN });
    expect((await call(stack, "GET", `/jams/${slug}/stages/nope`, undefined, admin)).status).toBe(404);

    // A draft jam's stages are as invisible as the jam itself.
    const draft = `draft-${kind}`;
    const created = await call(
      stack,
      "POST",
      "/admin/jams",
      { slug: draft, track: "hello", title: "Draft", startsAt, endsAt: startsAt + 600 * MIN },
      admin,
    );
    expect(created.status).toBe(201);
    expect((await call(stack, "GET", `/jams/${draft}/stages/hello-world`, undefined, tokens.alice)).status).toBe(404);
    expect((await call(stack, "GET", `/jams/${draft}/stages/hello-world`, undefined, admin)).status).toBe(200);
  });

  it("serves the board with an ETag and answers 304 until it changes", async () => {
    const T = Date.now() - 10 * MIN;
    const jam = await newJam(`etag-${kind}`, {}, T);
    const first = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/leaderboard`);
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/leaderboard`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    await judged(jam.id, "carol", T + MIN, 1);
    const changed = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/leaderboard`, {
      headers: { "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    const body = (await changed.json()) as { entries: Array<{ user: { username: string }; score: number }> };
    expect(body.entries[0]).toMatchObject({ user: { username: "carol" }, score: 1 });

    // Every spectator fetches the page again after a change: a client that accepts gzip gets it
    // gzipped (the same bytes, the same ETag), one that does not gets it plain.
    const raw = (encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(
            `${stack.url}/api/v1/jams/${jam.slug}/leaderboard`,
            { headers: { "accept-encoding": encoding } },
            (res) => {
              const parts: Buffer[] = [];
              res.on("data", (d: Buffer) => parts.push(d));
              res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
            },
          )
          .on("error", reject);
      });
    const plain = await raw("identity");
    const zipped = await raw("gzip, br");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("accept-encoding");
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).toString("utf8")).toBe(plain.body.toString("utf8"));
  });

  it("hides a disqualified participant from public boards and the activity feed", async () => {
    const T = Date.now() - 10 * MIN;
    const jam = await newJam(`hide-${kind}`, {}, T);
    await judged(jam.id, "bob", T + MIN, 2);
    await judged(jam.id, "alice", T + 2 * MIN, 1);
    expect(
      (await call(stack, "POST", `/admin/jams/${jam.slug}/participants/bob/hide`, { hidden: true }, admin)).status,
    ).toBe(200);
    expect(ranks(await board(jam.slug)).map((r) => r[1])).toEqual(["alice", "carol"]);
    const activity = await call(stack, "GET", `/jams/${jam.slug}/activity`);
    expect(activity.body.activity.map((a: { text: string }) => a.text)).toEqual(["alice passed stage 1: Hello, BSOD!"]);
    const stats = await call(stack, "GET", `/jams/${jam.slug}/stats`);
    expect(stats.body.stages.map((s: { solves: number; attempts: number }) => [s.solves, s.attempts])).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });

  it("streams live events and resumes after a disconnect without missing or repeating one", async () => {
    const T = Date.now() - 10 * MIN;
    const jam = await newJam(`live-${kind}`, {}, T);
    const seen: Array<{ seq: number; type: string; body?: string }> = [];
    const read = async (after: number, until: (n: number) => boolean) => {
      const ac = new AbortController();
      const res = await fetch(`${stack.url}/api/v1/jams/${jam.slug}/events`, {
        headers: { "last-event-id": String(after) },
        signal: ac.signal,
      });
      const decoder = new TextDecoder();
      let buf = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i = buf.indexOf("\n\n");
          while (i >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block.split("\n").find((l) => l.startsWith("data:"));
            if (data) seen.push(JSON.parse(data.slice(5)));
            if (until(seen.length)) {
              ac.abort();
              return;
            }
            i = buf.indexOf("\n\n");
          }
        }
      } catch (err) {
        if (!ac.signal.aborted) throw err;
      }
    };
    const post = (body: string) => call(stack, "POST", `/admin/jams/${jam.slug}/announcements`, { body }, admin);
    await post("one");
    await post("two");
    await read(0, () => seen.filter((e) => e.type === "announcement").length === 2);
    const resumeFrom = seen[seen.length - 1]!.seq;
    await post("three"); // while nobody listens
    await judged(jam.id, "alice", T + MIN, 1);
    await post("four");
    const before = seen.length;
    await read(resumeFrom, () => seen.some((e) => e.type === "announcement" && e.body === "four"));
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    // The clock scheduler may add leaderboard.changed events at any moment; the rest is fixed.
    const resumed = seen.slice(before).filter((e) => e.type !== "leaderboard.changed");
    expect(resumed.map((e) => [e.type, e.body])).toEqual([
      ["announcement", "three"],
      ["activity", undefined],
      ["announcement", "four"],
    ]);
    expect(seen.slice(before).some((e) => e.type === "leaderboard.changed")).toBe(true);
  });
});
