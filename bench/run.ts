// `npm run bench`: every benchmark, each reported as a ratio against a baseline measured in
// the same run (these machines are noisy). `npm run bench -- grading` runs one section.
import { cliStartBench } from "./cli-start.ts";
import { gradingBench } from "./grading.ts";
import { jamScaleBench } from "./jam-scale.ts";
import { pushBench } from "./push.ts";
import { type BenchResult, report } from "./stats.ts";

const sections: Record<string, () => Promise<BenchResult[]>> = {
  cli: cliStartBench,
  jams: jamScaleBench,
  push: () => pushBench(Number(process.env.BENCH_PUSHES ?? 8)),
  grading: () =>
    gradingBench({
      n: Number(process.env.BENCH_N ?? 15),
      burst: Number(process.env.BENCH_BURST ?? 30),
      rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    }),
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
