// Deployments that share one Docker engine: each keeps its own sandboxes, even with the same
// queue prefix and while their reapers run every second; and a sandbox removed from outside
// under a running job is infrastructure trouble: the job is retried and ends with its true verdict.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { Writable } from "node:stream";
import { type GradeJob, jobIds, QUEUE_NAMES, ResultMessage } from "@bsod/contracts";
import { LABEL } from "@bsod/grader";
import { docker, fixtureHarness, makeJob, pythonSource, sandboxContainers, until } from "@bsod/grader/testing";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { readRunEvents } from "../src/events/run-event-writer.ts";
import { GradingWorker } from "../src/worker.ts";

/** The real-world collision: every deployment on its default queue prefix. */
const PREFIX = "bsod";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** One deployment: its own redis-server, queues, results consumer and grading worker. */
class Deployment {
  readonly logs: Array<{ msg: string; reason?: string }> = [];
  readonly results = new Map<string, ResultMessage>();
  #waiters: Array<() => void> = [];
  redis!: Redis;
  queue!: Queue;
  consumer!: Worker;
  worker!: GradingWorker;
  server!: ChildProcess;
  url = "";

  constructor(readonly name: string) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      this.server.stdout?.on("data", (d) => String(d).includes("Ready to accept") && resolve());
      this.server.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
    });
    this.url = `redis://127.0.0.1:${port}`;
    this.redis = new Redis(this.url);
    const connection = { url: this.url, maxRetriesPerRequest: null };
    this.queue = new Queue(QUEUE_NAMES.grade, { connection, prefix: PREFIX });
    this.consumer = new Worker(
      QUEUE_NAMES.results,
      async (job) => {
        const msg = ResultMessage.parse(job.data);
        this.results.set(msg.submissionId, msg);
        for (const w of this.#waiters.splice(0)) w();
      },
      { connection, prefix: PREFIX },
    );
    const sink = new Writable({
      write: (chunk, _enc, cb) => {
        for (const line of String(chunk).split("\n").filter(Boolean)) this.logs.push(JSON.parse(line));
        cb();
      },
    });
    const config = loadConfig({
      REDIS_URL: this.url,
      BSOD_QUEUE_PREFIX: PREFIX,
      WORKER_ID: `${this.name}-${randomBytes(3).toString("hex")}`,
      WORKER_CONCURRENCY: "2",
      // The reaper runs every second: any cross-deployment reap would happen many times over.
      WORKER_LOCK_MS: "1000",
    });
    this.worker = await GradingWorker.start(config, pino({ level: "info" }, sink));
  }

  async enqueue(job: GradeJob, source: Buffer, harness: Buffer): Promise<void> {
    await this.redis.set(job.source, source, "EX", 600);
    await this.redis.set(job.harness, harness, "EX", 600);
    await this.queue.add("grade", job, {
      jobId: jobIds.grade(job.submissionId, job.attempt),
      attempts: 3,
      backoff: { type: "fixed", delay: 200 },
    });
  }

  result(submissionId: string): Promise<ResultMessage> {
    return new Promise((resolve) => {
      const check = () => {
        const r = this.results.get(submissionId);
        if (r) resolve(r);
        else this.#waiters.push(check);
      };
      check();
    });
  }

  reaps(): string[] {
    return this.logs.filter((l) => l.msg === "reaped sandbox container").map((l) => l.reason ?? "");
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.consumer?.close();
    await this.queue?.close();
    await this.redis?.quit();
    this.server?.kill("SIGKILL");
  }
}

const harness = fixtureHarness({ one: { expect: "PONG" } });
const slow = (answer: string) =>
  pythonSource(
    `import sys, time\nprint('started', file=sys.stderr, flush=True)\ntime.sleep(2.5)\nprint('${answer}')\n`,
  );
const job = (stages = ["one"]) =>
  makeJob({
    submissionId: `sub_${randomBytes(6).toString("hex")}`,
    stages,
    limits: { stageTimeoutMs: 20_000 } as GradeJob["limits"],
  });

const a = new Deployment("dep-a");
const b = new Deployment("dep-b");
beforeAll(async () => {
  await Promise.all([a.start(), b.start()]);
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
});

describe("two deployments on one engine", () => {
  it("grade at once, each run with its true verdict, and no reap crosses between them", async () => {
    const runs: Array<{ d: Deployment; job: GradeJob; want: string }> = [];
    for (const d of [a, b]) {
      for (const want of ["passed", "failed", "passed", "failed"]) {
        const j = job();
        runs.push({ d, job: j, want });
        await d.enqueue(j, slow(want === "passed" ? "PONG" : "PING"), harness);
      }
    }
    const results = await Promise.all(runs.map((r) => r.d.result(r.job.submissionId)));
    expect(results.map((r) => r.result.status)).toEqual(runs.map((r) => r.want));
    for (const r of runs) {
      const graded = await r.d.queue.getJob(`${r.job.submissionId}-1`);
      expect(graded?.attemptsMade, "a run had to be retried").toBe(1);
    }
    expect(a.reaps()).toEqual([]);
    expect(b.reaps()).toEqual([]);
  });

  it("retries a job whose sandbox is removed from outside mid-run, ending with its true verdict", async () => {
    const j = job();
    await a.enqueue(j, slow("PONG"), harness);
    await until("the program to start", async () =>
      (await readRunEvents(a.redis, j.submissionId)).some((e: any) => e.type === "stage.log" && e.line === "started"),
    );
    // As a foreign reaper did: every sandbox of this worker, the running one included, removed.
    const containers = await sandboxContainers({ [LABEL.worker]: a.worker.config.workerId });
    expect(containers.length).toBeGreaterThan(0);
    // (one may already be on its way out, a warm container the pool recycles: 404/409 are fine)
    const gone = (err: { statusCode?: number }) => {
      if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
    };
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(gone)));

    const msg = await a.result(j.submissionId);
    expect(msg.result.status).toBe("passed");
    const graded = await a.queue.getJob(`${j.submissionId}-1`);
    expect(graded?.attemptsMade).toBe(2);
    expect(a.logs.some((l) => l.msg === "grade job failed" && /stopped from outside/.test(JSON.stringify(l)))).toBe(
      true,
    );
  });
});
