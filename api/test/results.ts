// Results without grading, for pages that only need a board to show: a counted submission row and
// the result the worker would have sent, applied as the api applies real ones.
import fs from "node:fs";
import path from "node:path";
import { newId, type RunResult } from "@bsod/contracts";
import type { Jam } from "../src/db/tables/jams.ts";
import type { Submission } from "../src/db/tables/submissions.ts";
import { applyResult } from "../src/submissions/results.ts";
import { call, type Stack } from "./stack.ts";

const MINUTE = 60_000;

/** A token (api and git) of the seeded organizer. */
export async function organizerToken(stack: Stack): Promise<string> {
  const password = fs.readFileSync(path.join(stack.dataDir, "organizer-password"), "utf8").trim();
  const res = await call(stack, "POST", "/auth/login", {
    username: "admin",
    password,
    token: { name: "test", scopes: ["api", "git"] },
  });
  if (res.status !== 200) throw new Error(`organizer login failed: ${JSON.stringify(res.body)}`);
  return res.body.token.secret as string;
}

/** A counted, queued submission row of a python run, as a push creates it. */
export function countedSubmission(
  jamId: string,
  userId: string,
  at: number,
  stages: string[],
  id = newId("sub"),
): Submission {
  return {
    id,
    jam_id: jamId,
    user_id: userId,
    commit_sha: "0".repeat(40),
    ref: "refs/heads/main",
    language: "python",
    runner: JSON.stringify({ image: "bsod/runner-python:latest", build: null, run: "python3 main.py" }),
    status: "queued",
    stages: JSON.stringify(stages),
    counted: 1,
    attempt: 1,
    judged_attempt: 0,
    result: null,
    failed_stage: null,
    created_at: at,
    finished_at: null,
  };
}

/** A run `minutes` after the jam's start that passes the first `passed` of `stages` and fails the next. */
export async function judged(
  stack: Stack,
  jam: Jam,
  username: string,
  minutes: number,
  passed: number,
  stages: string[],
) {
  const db = stack.api.deps.db;
  const user = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
  const at = jam.starts_at + minutes * MINUTE;
  const { id } = await db
    .insertInto("submissions")
    .values(countedSubmission(jam.id, user.id, at, stages))
    .returning("id")
    .executeTakeFirstOrThrow();
  const ran: RunResult["stages"] = stages
    .slice(0, passed + 1)
    .map((slug, i) =>
      i < passed ? { slug, status: "passed", durationMs: 5 } : { slug, status: "failed", durationMs: 5, message: "no" },
    );
  const result: RunResult = {
    version: 1,
    status: passed === stages.length ? "passed" : "failed",
    build: { status: "skipped", durationMs: 0 },
    stages: ran,
  };
  const { outcome } = await applyResult(stack.api.deps, {
    submissionId: id,
    attempt: 1,
    result,
    worker: "test",
    finishedAt: at + 1,
  });
  if (outcome !== "applied") throw new Error(`result for ${username} not applied: ${outcome}`);
}
