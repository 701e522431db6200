// Runs repair themselves (the reconciler, which the api runs at start and every minute):
// - a push whose source and job Redis lost is archived again from the participant's repository
//   and queued again under the same job id;
// - a test run whose upload is lost ends as internal_error, saying to run it again;
// - a result whose application failed while the database was unreachable (cut for real behind
//   a proxy) is applied once the database is back;
// - a push git accepted but the api never recorded (it died between the ref update and
//   post-receive) becomes a submission, exactly once;
// - a result applied again after the api died before announcing it ends the run's stream with
//   its verdict, and a run's stream never shows a verdict twice.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jobIds, QUEUE_NAMES, type ResultMessage, redisKeys } from "@bsod/contracts";
import { git, until } from "@bsod/testkit";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Jam } from "../../src/db/tables/jams.ts";
import { createSubmission, type SubmissionInput } from "../../src/submissions/create.ts";
import { notePushIntent } from "../../src/submissions/pushes.ts";
import { applyResult } from "../../src/submissions/results.ts";
import { LOST_UPLOAD_MESSAGE, TEST_RUN_REF } from "../../src/submissions/source.ts";
import { type CuttableProxy, postgresProxy } from "../faults.ts";
import { call, type Stack, signUp, startStack, withToken } from "../stack.ts";

let stack: Stack;
let proxy: CuttableProxy;
let jam: Jam;
let push: Omit<SubmissionInput, "source">;
let repoDir: string;
let remote: string;
let work: string;

beforeAll(async () => {
  const cut = await postgresProxy();
  proxy = cut.proxy;
  // No worker: a push records its run and stops waiting for it at once.
  stack = await startStack({ kind: "postgres", worker: false, databaseVia: cut.via, env: { PUSH_WAIT_MS: "1" } });
  const token = await signUp(stack, "alice");
  const enrolled = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
  expect(enrolled.status).toBe(201);
  remote = withToken(enrolled.body.cloneUrl, "alice", enrolled.body.gitToken.secret);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-heal-"));
  const { db } = stack.api.deps;
  jam = await db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
  const user = await db.selectFrom("users").select("id").where("username", "=", "alice").executeTakeFirstOrThrow();
  repoDir = stack.api.repos.pathFor("alice", "hello-demo");
  const sha = (await git(["rev-parse", "refs/heads/main"], repoDir)).stdout.trim();
  push = {
    jam,
    userId: user.id,
    language: "python",
    commitSha: sha,
    ref: "refs/heads/main",
    manifest: undefined,
    counted: true,
  };
});
afterAll(async () => {
  await stack?.stop();
  proxy?.server.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const archive = () => stack.api.repos.archive(repoDir, push.commitSha, 1 << 20);

/** What losing Redis's data does to a waiting run: its source and its job are gone. */
async function loseFromRedis(subId: string, attempt: number) {
  const { redis, gradeQueue } = stack.api.deps;
  await redis.del(redisKeys.sourceBlob(subId));
  await (await gradeQueue.getJob(jobIds.grade(subId, attempt)))?.remove();
}

describe("self-healing runs", () => {
  it("archives a push's lost source again from git and queues it again", async () => {
    const { deps } = stack.api;
    const sub = await createSubmission(deps, { ...push, source: await archive() });
    await loseFromRedis(sub.id, sub.attempt);

    const report = await stack.api.reconciler.run();
    expect(report.requeued).toBe(1);
    const blob = await deps.redis.getBuffer(redisKeys.sourceBlob(sub.id));
    expect(blob?.equals(await archive())).toBe(true);
    const job = await deps.gradeQueue.getJob(jobIds.grade(sub.id, sub.attempt));
    expect(job?.data.source).toBe(redisKeys.sourceBlob(sub.id));
    expect(["waiting", "prioritized"]).toContain(await job?.getState());
    // Repairing twice changes nothing: the job is there now.
    expect((await stack.api.reconciler.run()).requeued).toBe(0);
    await job?.remove();
    await deps.db.updateTable("submissions").set({ status: "failed" }).where("id", "=", sub.id).execute();
  });

  it("ends a test run whose upload is lost as internal_error, saying to run it again", async () => {
    const { deps } = stack.api;
    const sub = await createSubmission(deps, { ...push, ref: TEST_RUN_REF, counted: false, source: await archive() });
    await loseFromRedis(sub.id, sub.attempt);

    const report = await stack.api.reconciler.run();
    expect(report.requeued).toBe(0);
    const row = await deps.db.selectFrom("submissions").selectAll().where("id", "=", sub.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("internal_error");
    expect(JSON.parse(row.result!).build.message).toBe(LOST_UPLOAD_MESSAGE);
    // Whoever follows the run sees it end.
    const events = await deps.redis.xrange(redisKeys.runEvents(sub.id), "-", "+");
    expect(events.map(([, fields]) => JSON.parse(fields[1]!).type)).toContain("run.finished");
  });

  it("applies a result whose application failed while the database was unreachable", async () => {
    const { deps } = stack.api;
    const sub = await createSubmission(deps, { ...push, source: await archive() });
    const results = new Queue<ResultMessage>(QUEUE_NAMES.results, {
      connection: deps.redis,
      prefix: deps.config.queuePrefix,
    });
    try {
      proxy.cut();
      const message: ResultMessage = {
        submissionId: sub.id,
        attempt: sub.attempt,
        result: {
          version: 1,
          status: "passed",
          build: { status: "skipped", durationMs: 0 },
          stages: JSON.parse(sub.stages).map((slug: string) => ({ slug, status: "passed", durationMs: 5 })),
        },
        worker: "test",
        finishedAt: Date.now(),
      };
      // As a worker hands it over, with its retries spent while the database is away.
      const job = await results.add(QUEUE_NAMES.results, message, {
        jobId: jobIds.result(sub.id, sub.attempt),
        attempts: 1,
      });
      await until("the result's application to fail", async () => (await job.getState()) === "failed", 30_000);
      proxy.open = true;

      const report = await stack.api.reconciler.run();
      expect(report.resultsRetried).toBe(1);
      await until(
        "the result to be applied",
        async () =>
          (await deps.db.selectFrom("submissions").select("status").where("id", "=", sub.id).executeTakeFirst())
            ?.status === "passed",
        30_000,
      );
      const judgements = await deps.db
        .selectFrom("judgements")
        .selectAll()
        .where("submission_id", "=", sub.id)
        .execute();
      expect(judgements).toHaveLength(1);
    } finally {
      proxy.open = true;
      await results.close();
    }
  });
});

describe("durable acceptance", () => {
  const submissionsOf = (sha: string) =>
    stack.api.deps.db.selectFrom("submissions").select("id").where("commit_sha", "=", sha).execute();
  const intents = () => stack.api.deps.db.selectFrom("push_intents").selectAll().execute();
  /** The deps of an api process that has died since. */
  const dead = () => ({ ...stack.api.deps, instanceId: "an-api-that-died" });
  let clone: string;

  async function commit(message: string): Promise<string> {
    fs.appendFileSync(path.join(clone, "main.py"), `# ${message}\n`);
    expect((await git(["commit", "-qam", message], clone)).code).toBe(0);
    return (await git(["rev-parse", "HEAD"], clone)).stdout.trim();
  }

  it("records a push through the hooks, leaving no intent behind", async () => {
    expect((await git(["clone", "-q", remote, "clone"], work)).code).toBe(0);
    clone = path.join(work, "clone");
    const sha = await commit("first");
    const pushed = await git(["push", "-q", "origin", "HEAD:main"], clone);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toMatch(/bsod: grading [0-9a-f]{7}/);
    expect(await submissionsOf(sha)).toHaveLength(1);
    expect(await intents()).toEqual([]);
  });

  it("records a push git accepted when the api died before post-receive, exactly once", async () => {
    const { deps } = stack.api;
    const sha = await commit("lost");
    // The state a kill -9 between the ref update and post-receive leaves: pre-receive (of an
    // api process now gone) wrote the intent, git moved main (here without hooks), nothing else.
    await notePushIntent(dead(), jam.id, push.userId, sha, "refs/heads/main");
    expect((await git(["--git-dir", repoDir, "fetch", "-q", clone, "+HEAD:refs/heads/main"], work)).code).toBe(0);
    expect(await submissionsOf(sha)).toHaveLength(0);

    expect((await stack.api.reconciler.run()).pushesRecovered).toBe(1);
    const subs = await submissionsOf(sha);
    expect(subs).toHaveLength(1);
    expect(await deps.redis.exists(redisKeys.sourceBlob(subs[0]!.id))).toBe(1);
    expect(await deps.gradeQueue.getJob(jobIds.grade(subs[0]!.id, 1))).toBeTruthy();
    expect(await intents()).toEqual([]);
    expect((await stack.api.reconciler.run()).pushesRecovered).toBe(0);
    expect(await submissionsOf(sha)).toHaveLength(1);
  });

  it("drops the intent of a push that failed after pre-receive (main never moved)", async () => {
    const sha = await commit("never landed");
    await notePushIntent(dead(), jam.id, push.userId, sha, "refs/heads/main");
    expect((await stack.api.reconciler.run()).pushesRecovered).toBe(0);
    expect(await submissionsOf(sha)).toHaveLength(0);
    expect(await intents()).toEqual([]);
  });

  it("leaves a live api's fresh intents to its own post-receive (a slow hook is not a lost push)", async () => {
    const { deps } = stack.api;
    const sha = await commit("slow hook");
    await notePushIntent(deps, jam.id, push.userId, sha, "refs/heads/main");
    expect((await git(["--git-dir", repoDir, "fetch", "-q", clone, "+HEAD:refs/heads/main"], work)).code).toBe(0);
    expect((await stack.api.reconciler.run()).pushesRecovered).toBe(0);
    expect(await submissionsOf(sha)).toHaveLength(0);
    expect(await intents()).toHaveLength(1);
  });

  it("announces a recorded verdict on the run's stream once, also when the api died before it could", async () => {
    const { deps } = stack.api;
    const sub = await createSubmission(deps, { ...push, source: await archive() });
    const msg: ResultMessage = {
      submissionId: sub.id,
      attempt: sub.attempt,
      result: { version: 1, status: "compile_error", build: { status: "compile_error", durationMs: 3 }, stages: [] },
      worker: "test",
      finishedAt: Date.now(),
    };
    const stream = redisKeys.runEvents(sub.id);
    const finished = async () =>
      (await deps.redis.xrange(stream, "-", "+"))
        .map(([id, fields]) => ({ id, ev: JSON.parse(fields[1]!) }))
        .filter(({ ev }) => ev.type === "run.finished");

    expect((await applyResult(deps, msg)).outcome).toBe("applied");
    const [first] = await finished();
    expect(first?.ev).toMatchObject({ status: "compile_error", result: msg.result });
    // The state an api leaves when it dies after recording the result, before announcing it.
    await deps.redis.xdel(stream, first!.id);
    await deps.redis.del(redisKeys.runVerdict(sub.id, sub.attempt));

    // The result job is retried: the row was judged already, and the verdict is announced now.
    expect((await applyResult(deps, msg)).outcome).toBe("duplicate");
    expect((await finished()).map(({ ev }) => ev.status)).toEqual(["compile_error"]);
    // Applied yet again: still one verdict on the stream.
    expect((await applyResult(deps, msg)).outcome).toBe("duplicate");
    expect(await finished()).toHaveLength(1);
  });
});
