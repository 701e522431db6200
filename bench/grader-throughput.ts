// Throughput of runGrading alone (no api, no queue): N trivial python runs of the hello track
// through a warm pool at concurrency C, vs C shell loops of `docker run --rm` of the same program.
// node --import tsx bench/grader-throughput.ts [N] [C] [warm]
import { spawn } from "node:child_process";
import path from "node:path";
import { DEFAULT_LIMITS } from "@bsod/contracts";
import { runGrading, SandboxPool, silentLogger, tarOf } from "@bsod/grader";
import { docker, IMAGE, makeJob } from "@bsod/grader/testing";
import { bundleTrack } from "@bsod/harness/bundle";
import { loadTrack } from "@bsod/harness/loader";
import { pino } from "pino";

const N = Number(process.argv[2] ?? 20);
const C = Number(process.argv[3] ?? 2);
const WARM = Number(process.argv[4] ?? C);
const ROOT = path.resolve(import.meta.dirname, "..");
const harness = Buffer.from((await bundleTrack(loadTrack(path.join(ROOT, "challenges/hello")))).code);
const source = tarOf(path.join(ROOT, "challenges/hello/solutions/python"));
const limits = DEFAULT_LIMITS;
const pool = new SandboxPool({
  docker,
  workerId: "tp",
  scope: "tp",
  runtime: "runc",
  warmPerSpec: WARM,
  logger: silentLogger,
});
pool.prewarm({ image: IMAGE, limits });
while (pool.warm < WARM) await new Promise((r) => setTimeout(r, 50));

const dockerCpu = () =>
  Number(require("node:fs").readFileSync("/sys/fs/cgroup/cpuacct/docker/cpuacct.usage", "utf8")) / 1e9;
function cpu(): number {
  const [, ...f] = (require("node:fs").readFileSync("/proc/stat", "utf8") as string)
    .split("\n")[0]!
    .trim()
    .split(/\s+/);
  const n = f.map(Number);
  return (n[0]! + n[1]! + n[2]! + n[5]! + n[6]!) / 100; // user nice system irq softirq, seconds
}

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const inside = (id: string) => {
  try {
    return Number(require("node:fs").readFileSync(`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, "utf8")) / 1e6;
  } catch {
    return Number.NaN;
  }
};
const perJob: Array<[number, number]> = [];
const takeWaits: number[] = [];
type Mark = { at: number; cpu: number; all: number };
const allMarks: Array<Record<string, Mark>> = [];
const timingsLogger = pino(
  { level: "debug" },
  {
    write(line: string) {
      const o = JSON.parse(line);
      if (o.marks) allMarks.push(o.marks);
    },
  },
);
let next = 0;
const t0 = performance.now();
const c0 = cpu();
const d0 = dockerCpu();
const self0 = process.cpuUsage();
await Promise.all(
  Array.from({ length: C }, async () => {
    while (next < N) {
      next++;
      const r = await runGrading({
        job: makeJob({ stages: ["hello-world"], limits, run: "python3 -u main.py" }),
        source,
        harness,
        sandboxes: {
          take: async (spec, budget) => {
            const tt = performance.now();
            const sb = await pool.take(spec, budget);
            takeWaits.push(performance.now() - tt);
            const destroy = sb.destroy.bind(sb);
            const before = inside(sb.id);
            sb.destroy = () => {
              perJob.push([before, inside(sb.id)]);
              return destroy();
            };
            return sb;
          },
        },
        emit: () => {},
        logger: timingsLogger,
      });
      if (r.status !== "passed") throw new Error(JSON.stringify(r));
    }
  }),
);
const graded = N / ((performance.now() - t0) / 1000);
const self1 = process.cpuUsage(self0);
console.log(`worker process cpu per job: ${((self1.user + self1.system) / 1000 / N).toFixed(0)} ms`);
await pool.close();
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `container cpu ms: at take ${med(perJob.map((p) => p[0])).toFixed(0)}, at the end ${med(perJob.map((p) => p[1])).toFixed(0)}`,
);
const steps = ["started", "input", "setup", "harness", "end"];
for (let i = 1; i < steps.length; i++) {
  const [a, b] = [steps[i - 1]!, steps[i]!];
  const d = (k: keyof Mark) => med(allMarks.map((m) => m[b]![k] - m[a]![k]));
  console.log(`  ${a}→${b}: wall ${d("at")} ms, supervisor cpu ${d("cpu")} ms, container cpu ${d("all")} ms`);
}
const gradedCpu = (cpu() - c0) / N;
console.log(
  `graded: ${graded.toFixed(2)}/s, ${gradedCpu.toFixed(3)} cpu-s/job (whole machine), in containers ${((dockerCpu() - d0) / N).toFixed(3)}, takes ${JSON.stringify(pool.stats)}`,
);

const per = Math.ceil(N / C);
const loop = `for i in $(seq ${per}); do docker run --rm --network none ${IMAGE} python3 -u -c 'print("Hello, BSOD!")' >/dev/null; done`;
const t1 = performance.now();
const c1 = cpu();
const d1 = dockerCpu();
await Promise.all(
  Array.from({ length: C }, () => new Promise((r) => spawn("bash", ["-c", loop], { stdio: "ignore" }).on("close", r))),
);
const plain = (per * C) / ((performance.now() - t1) / 1000);
console.log(
  `plain:  ${plain.toFixed(2)}/s, ${((cpu() - c1) / (per * C)).toFixed(3)} cpu-s/run, in containers ${((dockerCpu() - d1) / (per * C)).toFixed(3)}; ratio ${(graded / plain).toFixed(2)}`,
);
