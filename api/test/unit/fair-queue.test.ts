// Fair grading on a shared queue: a participant who pushes again and again waits behind
// everyone else's first run, an organizer's rejudge waits behind every participant's run, and
// a participant with three runs waiting gets a clear refusal instead of a fourth.
import { QUEUE_NAMES } from "@bsod/contracts";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Submission } from "../../src/db/tables/submissions.ts";
import { createSubmission } from "../../src/submissions/create.ts";
import { organizerToken } from "../results.ts";
import { call, type Stack, signUp, startStack } from "../stack.ts";

let stack: Stack;
const users: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  // No grading worker: jobs stay in the queue until the test takes them, in the queue's order.
  stack = await startStack({ worker: false });
  for (const name of ["ann", "ben", "cat"]) {
    const token = await signUp(stack, name);
    expect((await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
    const row = await stack.api.deps.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", name)
      .executeTakeFirstOrThrow();
    users[name] = { id: row.id, token };
  }
});
afterAll(async () => stack?.stop());

async function push(name: string): Promise<Submission> {
  const deps = stack.api.deps;
  const jam = await deps.db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
  return createSubmission(deps, {
    jam,
    userId: users[name]!.id,
    language: "python",
    commitSha: "0".repeat(40),
    ref: "refs/heads/main",
    source: Buffer.from("a source"),
    manifest: undefined,
    counted: true,
  });
}

/** Takes `n` jobs off the grading queue one at a time, as a worker would, and says whose they were. */
async function takeInOrder(n: number): Promise<string[]> {
  const taken: string[] = [];
  const byId = new Map(
    (await stack.api.deps.db.selectFrom("submissions").select(["id", "user_id", "attempt"]).execute()).map((s) => [
      s.id,
      s,
    ]),
  );
  const names = new Map(Object.entries(users).map(([name, u]) => [u.id, name]));
  let done: () => void;
  const all = new Promise<void>((r) => {
    done = r;
  });
  const worker = new Worker(
    QUEUE_NAMES.grade,
    async (job) => {
      const sub = byId.get(job.data.submissionId);
      taken.push(`${names.get(sub?.user_id ?? "")}${job.data.attempt > 1 ? " (rejudge)" : ""}`);
      if (taken.length === n) done();
    },
    {
      connection: stack.api.deps.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: stack.prefix,
      concurrency: 1,
    },
  );
  await all;
  await worker.close();
  return taken;
}

describe("the grading queue", () => {
  it("grades everyone's first run before anyone's second, and rejudges after participants' runs", async () => {
    await push("ann");
    await push("ann");
    await push("ann");
    await push("ben");
    const organizer = await organizerToken(stack);
    // ann's and ben's runs are counted submissions of the jam: a rejudge queues them again
    expect((await call(stack, "POST", "/admin/jams/hello-demo/rejudge", {}, organizer)).status).toBe(202);
    await push("cat");
    expect(await takeInOrder(9)).toEqual([
      "ann",
      "ben",
      "cat",
      "ann",
      "ann",
      // a rejudge too goes first to whoever has fewer runs waiting
      "ben (rejudge)",
      "ann (rejudge)",
      "ann (rejudge)",
      "ann (rejudge)",
    ]);
  });

  it("refuses a participant's fourth waiting run with the reason, over the api and for a test run", async () => {
    const res = await call(stack, "POST", "/jams/hello-demo/test-runs", undefined, users.ann!.token);
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({
      code: "too_many_requests",
      message: "3 of your runs are still waiting to be graded (the limit); push again when one has finished",
    });
    await expect(push("ann")).rejects.toThrow(/3 of your runs are still waiting/);
    // the others are not held back by ann's
    await expect(push("cat")).resolves.toMatchObject({ status: "queued" });
  });
});
