// The worker as a whole: BullMQ in, results queue and run-event stream out; and a worker
// killed with -9 mid-run whose job another worker finishes.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type GradeJob, jobIds, QUEUE_NAMES, ResultMessage, RunEvent, redisKeys } from "@bsod/contracts";
import { LABEL, silentLogger } from "@bsod/grader";
import { fixtureHarness, makeJob, pythonSource, sandboxContainers, until } from "@bsod/grader/testing";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { readRunEvents } from "../src/events/run-event-writer.ts";
import { GradingWorker } from "../src/worker.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-e2e-${randomBytes(4).toString("hex")}`;
const redis = new Redis(REDIS_URL);
const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
const gradeQueue = new Queue(QUEUE_NAMES.grade, { connection, prefix });

/** Plays the api's results consumer: resolves each awaited result as it arrives. */
const received: ResultMessage[] = [];
const waiters: Array<() => void> = [];
let resultsConsumer: Worker;

function nextResult(submissionId: string): Promise<ResultMessage> {
  return new Promise((resolve) => {
    const check = () => {
      const r = received.find((m) => m.submissionId === submissionId);
      if (r) resolve(r);
      else waiters.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  resultsConsumer = new Worker(
    QUEUE_NAMES.results,
    async (job) => {
      received.push(ResultMessage.parse(job.data));
      for (const w of waiters.splice(0)) w();
    },
    { connection, prefix },
  );
  await resultsConsumer.waitUntilReady();
});

afterAll(async () => {
  await resultsConsumer.close();
  await gradeQueue.obliterate({ force: true });
  await gradeQueue.close();
  await new Queue(QUEUE_NAMES.results, { connection, prefix }).obliterate({ force: true });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

async function enqueue(job: GradeJob, source: Buffer, harness: Buffer) {
  await redis.set(job.source, source, "EX", 600);
  await redis.set(job.harness, harness, "EX", 600);
  await gradeQueue.add("grade", job, {
    jobId: jobIds.grade(job.submissionId, job.attempt),
    attempts: 3,
    backoff: { type: "exponential", delay: 500 },
  });
}

function workerConfig(id: string, extra: Record<string, string> = {}) {
  return loadConfig({
    REDIS_URL,
    BSOD_QUEUE_PREFIX: prefix,
    WORKER_ID: id,
    WORKER_CONCURRENCY: "2",
    WORKER_LOCK_MS: "3000",
    ...extra,
  });
}

describe("grading worker over BullMQ", () => {
  it("grades a queued job: result on the results queue, events in the stream in order", async () => {
    const gw = await GradingWorker.start(workerConfig(`${prefix}-a`), silentLogger);
    try {
      const job = makeJob({ stages: ["one", "two"], submissionId: `sub_${randomBytes(6).toString("hex")}` });
      const harness = fixtureHarness({ one: { stdin: "ping", expect: "PONG" }, two: { expect: "PONG" } });
      await enqueue(job, pythonSource("print('PONG')\n"), harness);
      const msg = await nextResult(job.submissionId);
      expect(msg).toMatchObject({ submissionId: job.submissionId, attempt: 1, worker: `${prefix}-a` });
      expect(msg.result.status).toBe("passed");
      expect(msg.result.stages.map((s) => s.slug)).toEqual(["one", "two"]);

      const events = (await readRunEvents(redis, job.submissionId)).map((e) => RunEvent.parse(e));
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      // No run.finished: the verdict travels once, in the result message, and the api ends the
      // stream with it when it records it.
      expect(events.map((e) => e.type)).toEqual([
        "run.started",
        "build.finished",
        "stage.started",
        "stage.log",
        "stage.passed",
        "stage.started",
        "stage.log",
        "stage.passed",
      ]);

      // a job with a missing blob fails at once, without retries
      const orphan = makeJob({ submissionId: `sub_${randomBytes(6).toString("hex")}` });
      await gradeQueue.add("grade", orphan, { jobId: "missing-blob", attempts: 3 });
      // the state first, then the job: a job read before it failed would lack its failedReason
      const failed = await until("the job to fail", async () =>
        (await gradeQueue.getJobState("missing-blob")) === "failed" ? gradeQueue.getJob("missing-blob") : null,
      );
      expect(failed?.failedReason).toContain("is missing from Redis");
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await gw.close();
    }
    expect(await sandboxContainers({ [LABEL.worker]: `${prefix}-a` })).toEqual([]);
  });

  it("re-runs the job of a worker killed with -9, once, and reaps its container", async () => {
    const deadId = `${prefix}-dead`;
    const child = spawnWorker(deadId);
    const job = makeJob({
      submissionId: `sub_${randomBytes(6).toString("hex")}`,
      limits: { stageTimeoutMs: 20_000 } as never,
    });
    const src = pythonSource("import time\nprint('started', flush=True)\ntime.sleep(4)\nprint('ok')\n");
    await enqueue(job, src, fixtureHarness({ one: { expect: "started\nok" } }));

    // wait until the doomed worker's program is running, then kill the worker
    await waitForEvent(job.submissionId, (e) => e.type === "stage.log" && e.line === "started");
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(await sandboxContainers({ [LABEL.worker]: deadId })).toHaveLength(1);

    const rescuer = await GradingWorker.start(workerConfig(`${prefix}-rescuer`), silentLogger);
    try {
      const msg = await nextResult(job.submissionId);
      expect(msg).toMatchObject({ worker: `${prefix}-rescuer`, result: { status: "passed" } });
      await until("the dead worker's container to be reaped", async () =>
        (await sandboxContainers({ [LABEL.worker]: deadId })).length === 0 ? true : null,
      );
      const resultsQueue = new Queue(QUEUE_NAMES.results, { connection, prefix });
      const all = await resultsQueue.getJobs(["completed", "active", "waiting", "delayed", "failed"]);
      await resultsQueue.close();
      expect(all.filter((j) => j.data.submissionId === job.submissionId)).toHaveLength(1);
      expect(received.filter((m) => m.submissionId === job.submissionId)).toHaveLength(1);
      const starts = (await readRunEvents(redis, job.submissionId)).filter((e) => e.type === "run.started");
      expect(starts.map((e) => e.worker)).toEqual([deadId, `${prefix}-rescuer`]);
    } finally {
      await rescuer.close();
    }
  });
});

describe("shutdown", () => {
  it("on SIGTERM stops taking jobs, finishes the running one, removes its containers and exits 0", async () => {
    const id = `${prefix}-term`;
    const child = spawnWorker(id, { WARM_CONTAINERS: "1" });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const job = makeJob({ submissionId: `sub_${randomBytes(6).toString("hex")}` });
    const src = pythonSource("import time\nprint('started', flush=True)\ntime.sleep(2)\nprint('ok')\n");
    await enqueue(job, src, fixtureHarness({ one: { expect: "started\nok" } }));
    await waitForEvent(job.submissionId, (e) => e.type === "stage.log" && e.line === "started");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const msg = await nextResult(job.submissionId);
    expect(msg).toMatchObject({ worker: id, result: { status: "passed" } });
    expect(await sandboxContainers({ [LABEL.worker]: id })).toEqual([]);
  });
});

function spawnWorker(id: string, extra: Record<string, string> = {}): ChildProcess {
  const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", main], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL,
      BSOD_QUEUE_PREFIX: prefix,
      WORKER_ID: id,
      WORKER_CONCURRENCY: "1",
      WARM_CONTAINERS: "0",
      WORKER_LOCK_MS: "3000",
      LOG_LEVEL: "warn",
      ...extra,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

/** Blocks on the run's stream until an event matches (XREAD BLOCK: no polling). */
async function waitForEvent(submissionId: string, match: (e: RunEvent) => boolean): Promise<RunEvent> {
  const reader = new Redis(REDIS_URL);
  try {
    let last = "0";
    for (;;) {
      const res = await reader.xread("BLOCK", 60_000, "STREAMS", redisKeys.runEvents(submissionId), last);
      if (!res) throw new Error("no run event within 60 s");
      for (const [id, fields] of res[0]?.[1] ?? []) {
        last = id;
        const event = RunEvent.parse(JSON.parse(fields[1] as string));
        if (match(event)) return event;
      }
    }
  } finally {
    reader.disconnect();
  }
}
