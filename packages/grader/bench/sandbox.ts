// Side-by-side timings of the sandbox: fresh vs warm take, and a whole trivial grading run.
// node --import tsx packages/grader/bench/sandbox.ts
import { DEFAULT_LIMITS } from "@bsod/contracts";
import { runGrading } from "../src/grading/run-grading.ts";
import { silentLogger } from "../src/log.ts";
import { SandboxPool } from "../src/sandbox/pool.ts";
import { fixtureHarness } from "../src/testing/fixture-harness.ts";
import { docker, IMAGE, makeJob, pythonSource } from "../src/testing/helpers.ts";

const N = Number(process.argv[2] ?? 10);
const spec = { image: IMAGE, limits: DEFAULT_LIMITS };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timeTakes(pool: SandboxPool, warm: boolean): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    if (warm) while (pool.warm < 1) await new Promise((r) => setTimeout(r, 20));
    const t = performance.now();
    const s = await pool.take(spec, 60_000);
    out.push(performance.now() - t);
    await s.destroy();
  }
  return out;
}

async function timeRuns(pool: SandboxPool, warm: boolean): Promise<number[]> {
  const out: number[] = [];
  const harness = fixtureHarness({ one: { expect: "ok" } });
  const source = pythonSource("print('ok')\n");
  for (let i = 0; i < N; i++) {
    if (warm) while (pool.warm < 1) await new Promise((r) => setTimeout(r, 20));
    const t = performance.now();
    const r = await runGrading({
      job: makeJob({ limits: DEFAULT_LIMITS }),
      source,
      harness,
      sandboxes: pool,
      emit: () => {},
    });
    if (r.status !== "passed") throw new Error(`unexpected ${r.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

const mk = (warm: number) =>
  new SandboxPool({
    docker,
    workerId: "bench",
    scope: "bench",
    runtime: "runc",
    warmPerSpec: warm,
    logger: silentLogger,
  });
const fresh = mk(0);
const warm = mk(1);
warm.prewarm(spec);
const rows = {
  "take: fresh (create+start)": median(await timeTakes(fresh, false)),
  "take: warm": median(await timeTakes(warm, true)),
  "grading run, fresh container": median(await timeRuns(fresh, false)),
  "grading run, warm container": median(await timeRuns(warm, true)),
};
await warm.close();
for (const [k, v] of Object.entries(rows))
  console.log(`${k.padEnd(32)} ${v.toFixed(0).padStart(6)} ms (median of ${N})`);
