// During a freeze a participant learns nothing about the others that the public frozen board
// does not show: their own page carries their own results live but everyone else's as frozen
// (no live solve counts, no first solvers, no hidden participants), and the board's ETag does
// not move for results nobody may see.
import fs from "node:fs";
import path from "node:path";
import type { RunResult } from "@bsod/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyResult } from "../../src/submissions/results.ts";
import { countedSubmission } from "../results.ts";
import { call, type Stack, signUp, startStack } from "../stack.ts";

const MIN = 60_000;
const STAGES = ["hello-world", "echo"];
let stack: Stack;
let admin: string;
const tokens: Record<string, string> = {};
let jamId = "";
const T = Date.now() - 60 * MIN;
const SLUG = "frozen-night";

beforeAll(async () => {
  stack = await startStack({ worker: false });
  const password = fs.readFileSync(path.join(stack.dataDir, "organizer-password"), "utf8").trim();
  admin = (await call(stack, "POST", "/auth/login", { username: "admin", password, tokenName: "t" })).body.token.secret;
  const created = await call(
    stack,
    "POST",
    "/admin/jams",
    { slug: SLUG, track: "hello", title: "Frozen night", startsAt: T, endsAt: T + 600 * MIN, freezeAt: T + 25 * MIN },
    admin,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await call(stack, "POST", `/admin/jams/${SLUG}/publish`, {}, admin)).status).toBe(200);
  for (const name of ["alice", "bob", "carol"]) {
    tokens[name] = await signUp(stack, name);
    expect((await call(stack, "POST", `/jams/${SLUG}/enroll`, { language: "python" }, tokens[name])).status).toBe(201);
  }
  jamId = (await stack.api.deps.db.selectFrom("jams").select("id").where("slug", "=", SLUG).executeTakeFirstOrThrow())
    .id;
  // carol is hidden (disqualified): she is on no public board.
  expect(
    (await call(stack, "POST", `/admin/jams/${SLUG}/participants/carol/hide`, { hidden: true }, admin)).status,
  ).toBe(200);
});
afterAll(async () => stack?.stop());

/** A counted run of `username` at T + `minutes`, passing the first `passed` stages. */
async function judged(username: string, minutes: number, passed: number) {
  const db = stack.api.deps.db;
  const user = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
  const at = T + minutes * MIN;
  const sub = countedSubmission(jamId, user.id, at, STAGES);
  await db.insertInto("submissions").values(sub).execute();
  const stages: RunResult["stages"] = STAGES.slice(0, Math.min(passed + 1, STAGES.length)).map((slug, i) =>
    i < passed ? { slug, status: "passed", durationMs: 5 } : { slug, status: "failed", durationMs: 5, message: "no" },
  );
  const result: RunResult = {
    version: 1,
    status: passed === STAGES.length ? "passed" : "failed",
    build: { status: "skipped", durationMs: 0 },
    stages,
  };
  const { outcome } = await applyResult(stack.api.deps, {
    submissionId: sub.id,
    attempt: 1,
    result,
    worker: "t",
    finishedAt: at + 1,
  });
  expect(outcome).toBe("applied");
}

const summary = (stages: Array<{ slug: string; solves: number; firstSolver: string | null }>) =>
  stages.map((s) => [s.slug, s.solves, s.firstSolver]);

describe("a frozen board", () => {
  it("tells a participant their own results and nothing of the others' after the freeze", async () => {
    await judged("alice", 10, 1); // before the freeze
    await judged("bob", 30, 2); // after it
    await judged("carol", 31, 2); // hidden, after it

    const pub = await call(stack, "GET", `/jams/${SLUG}/leaderboard`);
    expect(pub.body.jam.frozen).toBe(true);
    expect(summary(pub.body.stages)).toEqual([
      ["hello-world", 1, "alice"],
      ["echo", 0, null],
    ]);

    // alice's own page: her result, and the stages as the frozen board shows them.
    const alice = await call(stack, "GET", `/jams/${SLUG}/participants/alice`, undefined, tokens.alice);
    expect(alice.status).toBe(200);
    expect(alice.body.participant.stagesCompleted).toBe(1);
    expect(summary(alice.body.stages)).toEqual(summary(pub.body.stages));
    expect(alice.body.participant.rank).toBe(1);

    // bob's own page: his two stages (after the freeze), counted with alice's from before it only.
    const bob = await call(stack, "GET", `/jams/${SLUG}/participants/bob`, undefined, tokens.bob);
    expect(bob.body.participant.stagesCompleted).toBe(2);
    expect(summary(bob.body.stages)).toEqual([
      ["hello-world", 2, "alice"],
      ["echo", 1, "bob"],
    ]);

    // the organizer still sees everything live, hidden carol included
    const live = await call(stack, "GET", `/jams/${SLUG}/participants/alice`, undefined, admin);
    expect(summary(live.body.stages)).toEqual([
      ["hello-world", 3, "alice"],
      ["echo", 2, "bob"],
    ]);
  });

  it("keeps the board's ETag while only results nobody may see arrive", async () => {
    const first = await fetch(`${stack.url}/api/v1/jams/${SLUG}/leaderboard`);
    const etag = first.headers.get("etag");
    await first.text();
    expect(etag).toBeTruthy();
    await judged("carol", 40, 2); // hidden participant, during the freeze
    const again = await fetch(`${stack.url}/api/v1/jams/${SLUG}/leaderboard`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
  });
});
