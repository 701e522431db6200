// `npm run bench`: every benchmark, each reported as a ratio against a baseline measured in
// the same run (these machines are noisy). `npm run bench -- grading` runs one section.
import { abuseBench } from "./abuse.ts";
import { cliStartBench } from "./cli-start.ts";
import { gradingBench } from "./grading.ts";
import { gradingVmBench } from "./grading-vm.ts";
import { jamScaleBench } from "./jam-scale.ts";
import { loadBench } from "./load.ts";
import { pushBench } from "./push.ts";
import { sseFanoutBench } from "./sse-fanout.ts";
import { type BenchResult, report } from "./stats.ts";

const sections: Record<string, () => Promise<BenchResult[]>> = {
  abuse: () => abuseBench({ loopSeconds: Number(process.env.BENCH_ABUSE_SECONDS ?? 120) }),
  cli: cliStartBench,
  jams: jamScaleBench,
  push: () => pushBench(Number(process.env.BENCH_PUSHES ?? 8)),
  load: () =>
    loadBench({
      participants: Number(process.env.BENCH_LOAD_PUSHES ?? 200),
      spectators: Number(process.env.BENCH_LOAD_SPECTATORS ?? 2000),
    }),
  sse: () =>
    sseFanoutBench({
      spectators: Number(process.env.BENCH_SSE_SPECTATORS ?? 2000),
      events: Number(process.env.BENCH_SSE_EVENTS ?? 30),
    }),
  grading: async () => [
    ...(process.env.BENCH_SKIP_CONTAINER === "1"
      ? []
      : await gradingBench({
          n: Number(process.env.BENCH_N ?? 15),
          burst: Number(process.env.BENCH_BURST ?? 30),
          rounds: Number(process.env.BENCH_ROUNDS ?? 3),
        })),
    ...(await gradingVmBench({ n: Number(process.env.BENCH_VM_N ?? 5) })),
  ],
};

const wanted = process.argv.slice(2);
const results: BenchResult[] = [];
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`running ${name}…`);
  for (const r of await run()) {
    report(r);
    results.push(r);
  }
}
console.log(`\n${results.filter((r) => r.verdict.ok).length} of ${results.length} targets met`);
process.exit(0);
