// JSON text columns read through their table's codec, on SQLite and on Postgres: a malformed
// stored value is reported as that column of that row, to the code that reads it, and a good one
// comes back as it was written.
import { newId, type RunResult } from "@bsod/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredValueError } from "../../src/db/json-column.ts";
import { jamColumns } from "../../src/db/tables/jams.ts";
import { resultOf, runnerOf, type Submission, stagesOf, submissionColumns } from "../../src/db/tables/submissions.ts";
import { unlockSchedule } from "../../src/jams/schedule.ts";
import { recomputeCompletions } from "../../src/scoring/completions.ts";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase, testJam } from "../databases.ts";

const PASSED: RunResult = {
  version: 1,
  status: "passed",
  build: { status: "passed", durationMs: 5 },
  stages: [{ slug: "hello-world", status: "passed", durationMs: 10 }],
};

describe.each(DATABASE_KINDS)("stored JSON on %s", (kind) => {
  let t: TestDatabase;
  const jamId = newId("jam");
  const userId = newId("usr");

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await t.db
      .insertInto("users")
      .values({
        id: userId,
        username: "reader",
        display_name: "reader",
        password_hash: "unused",
        role: "participant",
        created_at: 1,
      })
      .execute();
    await t.db
      .insertInto("tracks")
      .values({
        slug: "demo",
        title: "Demo",
        summary: "",
        languages: '["python"]',
        limits: null,
        harness_hash: "h",
        updated_at: 1,
      })
      .execute();
    await t.db
      .insertInto("stages")
      .values({
        track_slug: "demo",
        slug: "hello-world",
        position: 1,
        title: "Hello",
        difficulty: "easy",
        points: 100,
        readme: "",
        limits: null,
        metric: null,
      })
      .execute();
    await t.db
      .insertInto("jams")
      .values(testJam({ id: jamId, slug: "stored-json", track_slug: "demo", unlock: '{"mode":"weekly"}' }))
      .execute();
  });
  afterAll(async () => t?.drop());

  async function stored(over: Partial<Submission>): Promise<Submission> {
    const sub: Submission = {
      id: newId("sub"),
      jam_id: jamId,
      user_id: userId,
      commit_sha: "a".repeat(40),
      ref: "refs/heads/main",
      language: "python",
      runner: submissionColumns.runner.encode({ image: "bsod/python", build: null, run: "python3 main.py" }),
      status: "passed",
      stages: submissionColumns.stages.encode(["hello-world"]),
      counted: 1,
      attempt: 1,
      judged_attempt: 1,
      result: submissionColumns.result.encode(PASSED),
      failed_stage: null,
      created_at: Date.now(),
      finished_at: Date.now(),
      ...over,
    };
    await t.db.insertInto("submissions").values(sub).execute();
    return t.db.selectFrom("submissions").selectAll().where("id", "=", sub.id).executeTakeFirstOrThrow();
  }

  it("reads back what was written", async () => {
    const sub = await stored({});
    expect(runnerOf(sub)).toEqual({ image: "bsod/python", build: null, run: "python3 main.py" });
    expect(stagesOf(sub)).toEqual(["hello-world"]);
    expect(resultOf(sub)).toEqual(PASSED);
    expect(resultOf({ ...sub, result: null })).toBeNull();
  });

  it("names the column and the row of a value that is not JSON, or not of the column's shape", async () => {
    const notJson = await stored({ result: '{"version":1,' });
    expect(() => resultOf(notJson)).toThrow(StoredValueError);
    expect(() => resultOf(notJson)).toThrow(new RegExp(`^submissions\\.result of ${notJson.id} is not JSON: `));
    const wrongShape = await stored({ stages: '{"hello-world":true}', runner: '{"image":"x","run":1}' });
    expect(() => stagesOf(wrongShape)).toThrow(`submissions.stages of ${wrongShape.id} is not valid: `);
    expect(() => runnerOf(wrongShape)).toThrow(`submissions.runner of ${wrongShape.id} is not valid: build: `);
    const jam = await t.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirstOrThrow();
    expect(() => unlockSchedule(jam)).toThrow(`jams.unlock of ${jamId} is not valid: mode: `);
  });

  it("reports a bad row to the code that reads it, which can go on with other work", async () => {
    // the participant's completions are recomputed from every judged result they have
    await t.db.deleteFrom("submissions").where("user_id", "=", userId).execute();
    await stored({});
    const bad = await stored({ result: "[]" });
    await expect(recomputeCompletions(t.db, jamId, userId)).rejects.toThrow(
      `submissions.result of ${bad.id} is not valid: Invalid input: expected object, received array`,
    );
    await t.db.deleteFrom("submissions").where("id", "=", bad.id).execute();
    expect(await recomputeCompletions(t.db, jamId, userId)).toEqual(["hello-world"]);
  });

  it("refuses to write a value of the wrong shape", () => {
    expect(() => submissionColumns.stages.encode([1] as unknown as string[])).toThrow();
    expect(jamColumns.unlock.encode({ mode: "all" })).toBe('{"mode":"all"}');
  });
});
