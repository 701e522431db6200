// Grading overhead and throughput, each against plain `docker run --rm` of the same image
// measured in the same run:
//  (a) overhead = submission accepted → result recorded in the database, minus the time the
//      build and harness ran inside the container; vs one `docker run --rm IMAGE true`.
//  (b) trivial submissions per second at the worker's concurrency; vs shell loops of
//      `docker run --rm` running the same program, as many loops as the concurrency.
import path from "node:path";
import { call, createSubmission, ROOT, type Stack, signUp, startStack } from "@bsod/api/testing";
import { QUEUE_NAMES, redisKeys } from "@bsod/contracts";
import { tarOf } from "@bsod/grader";
import { bundleTrack } from "@bsod/harness/bundle";
import { loadTrack } from "@bsod/harness/loader";
import { QueueEvents } from "bullmq";
import { cpuByProcess, cpuSnapshot } from "./cpu-by-process.ts";
import { sh } from "./sh.ts";
import { type BenchResult, median, ms } from "./stats.ts";

const IMAGE = "bsod/runner-python:latest";
const CONCURRENCY = 2;

/**
 * Waits for results to be recorded: the api's result consumer completing the result's job (an
 * event on the results queue), then one read of the row — no polling, so the bench's own
 * waiting costs next to nothing on the machine it measures.
 */
function resultWaiter(stack: Stack): { judged(id: string): Promise<{ result: string }>; close(): Promise<void> } {
  const events = new QueueEvents(QUEUE_NAMES.results, {
    connection: stack.api.deps.redis.duplicate({ maxRetriesPerRequest: null }),
    prefix: stack.prefix,
  });
  const waiting = new Map<string, () => void>();
  const read = (id: string) =>
    stack.api.deps.db
      .selectFrom("submissions")
      .select(["judged_attempt", "result"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
  events.on("completed", ({ jobId }) => {
    const id = jobId.replace(/-\d+$/, "");
    waiting.get(id)?.();
  });
  const ready = events.waitUntilReady();
  return {
    async judged(id) {
      await ready;
      const applied = new Promise<void>((resolve) => waiting.set(id, resolve));
      let row = await read(id);
      if (row.judged_attempt === 0) {
        await applied;
        row = await read(id);
      }
      waiting.delete(id);
      if (row.judged_attempt === 0) throw new Error(`result of ${id} reported but not recorded`);
      return { result: row.result! };
    },
    close: () => events.close(),
  };
}

/** Where the time of one submission went, from the run events' timestamps (worker clock = ours). */
interface Phases {
  /** accepted → the worker started the job (queue pickup, blobs). */
  queue: number;
  /** run.started → stage.started (sandbox, source and harness in, build, harness start). */
  start: number;
  /** last stage verdict → the worker done (harness exit, OOM check, removal if on the path). */
  finish: number;
  /** the worker done → run.finished (flush, results queue, the api records and announces it). */
  publish: number;
}

async function phasesOf(stack: Stack, id: string, t0: number): Promise<Phases | null> {
  const entries = await stack.api.deps.redis.xrange(redisKeys.runEvents(id), "-", "+");
  const ev = entries.map(([, f]) => JSON.parse(f[1] as string) as { type: string; at: number });
  const at = (type: string) => ev.find((e) => e.type === type)?.at;
  const started = at("run.started");
  const stage = at("stage.started");
  const verdict = ev.filter((e) => e.type === "stage.passed" || e.type === "stage.failed").at(-1)?.at;
  const finished = at("run.finished");
  // The worker's clock when it handed the result on (ResultMessage.finishedAt, kept on the row).
  const row = await stack.api.deps.db
    .selectFrom("submissions")
    .select("finished_at")
    .where("id", "=", id)
    .executeTakeFirst();
  const done = row?.finished_at;
  if (!started || !stage || !verdict || !finished || !done) return null;
  const origin = performance.timeOrigin;
  return {
    queue: started - (origin + t0),
    start: stage - started,
    finish: done - verdict,
    publish: finished - done,
  };
}

export async function gradingBench(opts: { n: number; burst: number; rounds: number }): Promise<BenchResult[]> {
  // One bench user submits whole bursts at once: lift the per-participant limit on waiting runs.
  const stack = await startStack({ env: { MAX_WAITING_RUNS: "1000" } });
  const results = resultWaiter(stack);
  const waitJudged = (id: string) => results.judged(id);
  try {
    const token = await signUp(stack, "bench");
    await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
    const jam = await stack.api.deps.db
      .selectFrom("jams")
      .selectAll()
      .where("slug", "=", "hello-demo")
      .executeTakeFirstOrThrow();
    const user = await stack.api.deps.db
      .selectFrom("users")
      .selectAll()
      .where("username", "=", "bench")
      .executeTakeFirstOrThrow();
    // Grade stage 1 only: one run of a one-line program.
    await stack.api.deps.db
      .updateTable("jams")
      .set({ unlock: JSON.stringify({ mode: "times", times: [0] }) })
      .where("id", "=", jam.id)
      .execute();
    const jamRow = { ...jam, unlock: JSON.stringify({ mode: "times", times: [0] }) };
    const source = tarOf(path.join(ROOT, "challenges/hello/solutions/python"));
    await bundleTrack(loadTrack(path.join(ROOT, "challenges/hello")));
    const submit = () =>
      createSubmission(stack.api.deps, {
        jam: jamRow,
        userId: user.id,
        language: "python",
        commitSha: "bench",
        ref: "refs/heads/main",
        source,
        manifest: undefined,
        counted: false,
      });

    // Warm up the worker's pool and the page cache of both paths.
    for (let i = 0; i < 3; i++) await waitJudged((await submit()).id);
    for (let i = 0; i < 2; i++) await sh(`docker run --rm --network none ${IMAGE} true`);

    const overheads: number[] = [];
    const totals: number[] = [];
    const inside: number[] = [];
    const plain: number[] = [];
    const phases: Phases[] = [];
    for (let i = 0; i < opts.n; i++) {
      const t = performance.now();
      const sub = await submit();
      const { result } = await waitJudged(sub.id);
      const t1 = performance.now();
      const total = t1 - t;
      const ph = await phasesOf(stack, sub.id, t);
      if (ph) phases.push(ph);
      const r = JSON.parse(result) as {
        status: string;
        build: { durationMs: number };
        stages: Array<{ durationMs: number }>;
      };
      if (r.status !== "passed") throw new Error(`bench submission ended ${r.status}`);
      const ran = r.build.durationMs + r.stages.reduce((a, s) => a + s.durationMs, 0);
      totals.push(total);
      inside.push(ran);
      overheads.push(total - ran);
      plain.push(await sh(`docker run --rm --network none ${IMAGE} true`));
    }
    const ratioA = median(overheads) / median(plain);

    // (b) burst throughput, in alternating rounds (graded burst, then the plain loops) so that a
    // slow spell of this shared machine hits both sides; the verdict is the median round's ratio.
    const per = Math.ceil(opts.burst / CONCURRENCY);
    const loop = `for i in $(seq ${per}); do docker run --rm --network none ${IMAGE} python3 -u -c 'print("Hello, BSOD!")' >/dev/null; done`;
    const rounds: Array<{ graded: number; plain: number; ratio: number; gradedCpu: string[]; plainCpu: string[] }> = [];
    for (let round = 0; round < opts.rounds; round++) {
      const c0 = cpuSnapshot();
      const t0 = performance.now();
      const subs = await Promise.all(Array.from({ length: opts.burst }, submit));
      await Promise.all(subs.map((s) => waitJudged(s.id)));
      const graded = opts.burst / ((performance.now() - t0) / 1000);
      const c1 = cpuSnapshot();
      const t1 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, () => sh(loop)));
      const plain = (per * CONCURRENCY) / ((performance.now() - t1) / 1000);
      const c2 = cpuSnapshot();
      rounds.push({
        graded,
        plain,
        ratio: graded / plain,
        gradedCpu: cpuByProcess(c0, c1, opts.burst),
        plainCpu: cpuByProcess(c1, c2, per * CONCURRENCY),
      });
    }
    const ratioB = median(rounds.map((r) => r.ratio));

    return [
      {
        name: "grading overhead (issue 3a)",
        lines: [
          `${opts.n} sequential trivial submissions (python, 1 stage), worker concurrency ${CONCURRENCY}, warm pool`,
          `accepted → result recorded: median ${ms(median(totals))}; inside the container: median ${ms(median(inside))}`,
          `overhead: median ${ms(median(overheads))}`,
          `  phases (median): ${(["queue", "start", "finish", "publish"] as const).map((k) => `${k} ${ms(median(phases.map((p) => p[k])))}`).join(", ")}`,
          `plain docker run --rm ${IMAGE} true: median ${ms(median(plain))}`,
        ],
        verdict: { value: `overhead / plain run = ${ratioA.toFixed(2)}×`, target: "≤ 0.5×", ok: ratioA <= 0.5 },
      },
      {
        name: "grading throughput (issue 3b)",
        lines: [
          `${opts.rounds} rounds of: ${opts.burst} trivial submissions at once, then ${CONCURRENCY} shell loops of docker run --rm (same program, ${per * CONCURRENCY} runs)`,
          ...rounds.map(
            (r, i) =>
              `  round ${i + 1}: ${r.graded.toFixed(2)} graded/s vs ${r.plain.toFixed(2)} runs/s = ${r.ratio.toFixed(2)}×`,
          ),
          "  CPU per submission in the last round, by process (machine-wide):",
          `    graded: ${rounds.at(-1)?.gradedCpu.join(", ")}`,
          `    plain:  ${rounds.at(-1)?.plainCpu.join(", ")}`,
        ],
        verdict: {
          value: `graded / plain (median round) = ${ratioB.toFixed(2)}×`,
          target: "≥ 0.9×",
          ok: ratioB >= 0.9,
        },
      },
    ];
  } finally {
    await results.close();
    await stack.stop();
  }
}
