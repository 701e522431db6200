// Stage 10: performance. Five benchmarks (recursion, loops, string building, method calls,
// closures) run through `./your_program run`; each must print the right answer. The metric is
// your program's CPU time — measured by the harness from the kernel's accounting, not reported
// by the program — divided by the CPU time of the track's reference VM running the same
// benchmarks in this sandbox during this run, so it compares across machines. Lower is better.
import { defineStage } from "@bsod/harness";
import { judge, type LoxCase, prints } from "../../lib/cases.ts";
import { runProgram } from "../../lib/refvm/vm.ts";

export const benchmarks: LoxCase[] = [
  prints("recursion", "fun fib(n) {\n  if (n < 2) return n;\n  return fib(n - 1) + fib(n - 2);\n}\nprint fib(25);", [
    "75025",
  ]),
  prints(
    "loops",
    "var sum = 0;\nfor (var i = 0; i < 200000; i = i + 1) {\n  if (i < 100000) sum = sum + i;\n  else sum = sum + 1;\n}\nvar j = 0;\nwhile (j < 200000) j = j + 1;\nprint sum;\nprint j;",
    ["5000050000", "200000"],
  ),
  prints(
    "string building",
    'var s = "";\nfor (var i = 0; i < 4000; i = i + 1) s = s + "x";\nvar t = "";\nfor (var i = 0; i < 2000; i = i + 1) t = t + "xx";\nvar same = 0;\nfor (var i = 0; i < 40000; i = i + 1) {\n  var w = "item" + "-" + "x";\n  if (w == "item-x") same = same + 1;\n}\nprint s == t;\nprint same;',
    ["true", "40000"],
  ),
  prints(
    "method calls",
    "class Counter {\n  init() { this.total = 0; }\n  add(n) { this.total = this.total + n; return this; }\n}\nclass Twice < Counter {\n  add(n) { return super.add(n + n); }\n}\nvar c = Counter();\nvar d = Twice();\nfor (var i = 0; i < 60000; i = i + 1) {\n  c.add(i);\n  d.add(1);\n}\nprint c.total;\nprint d.total;",
    ["1799970000", "120000"],
  ),
  prints(
    "closures",
    "fun make(n) {\n  fun add(x) { return x + n; }\n  return add;\n}\nvar sum = 0;\nfor (var i = 0; i < 60000; i = i + 1) {\n  var f = make(i);\n  sum = sum + f(1);\n}\nfun counter() {\n  var k = 0;\n  fun inc() { k = k + 1; return k; }\n  return inc;\n}\nvar inc = counter();\nfor (var i = 0; i < 60000; i = i + 1) inc();\nprint sum;\nprint inc();",
    ["1800030000", "60001"],
  ),
];

/** CPU time of this process (user + system) while fn runs, in ms. */
function cpuOf(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

export default defineStage({
  slug: "performance",
  async run(ctx) {
    const { program, log, files, fail } = ctx;
    log.step(`$ ./your_program run FILE   for ${benchmarks.length} benchmarks, each checked for its output`);
    let ours = 0;
    let theirs = 0;
    for (const b of benchmarks) {
      // The reference VM: one run to warm it up, then the mean of three.
      let ref = 0;
      for (let i = 0; i < 4; i++) {
        let out = "";
        const t = cpuOf(() => {
          out = runProgram(b.src);
        });
        if (out !== b.out) throw new Error(`the reference VM printed ${JSON.stringify(out)} for ${b.name}`);
        if (i > 0) ref += t / 3;
      }
      // Yours: the mean of up to five runs, until they add up to a second (the kernel counts
      // CPU time in 10 ms ticks, so a fast program is timed over several runs).
      const file = files.write(`bench-${b.name.replace(/\W+/g, "-")}.lox`, b.src);
      const rel = file.slice(file.indexOf(".bsod-tmp/"));
      let total = 0;
      let runs = 0;
      while (runs < 5 && total < 1000) {
        const r = await program.run(["run", rel], { logStdout: false, check: false });
        if (r.cpuMs === undefined) throw new Error("the kernel did not report the program's CPU time");
        // Right answers first, like every stage: a fast wrong program scores nothing.
        const wrong = judge(b, "run", { ...r, signal: r.signal });
        if (wrong) {
          log.info(`the benchmark:\n${b.src.replace(/^/gm, "    | ")}`);
          log.info(
            `expected stdout:\n${(b.out ?? "").replace(/^/gm, "    ")}your stdout:\n${r.stdout.replace(/^/gm, "    ")}`,
          );
          if (r.stderr) log.info(`your stderr:\n${r.stderr.replace(/^/gm, "    ")}`);
          fail(`benchmark ${b.name}: ${wrong.why}`, wrong.hint);
        }
        total += r.cpuMs;
        runs++;
      }
      const best = total / runs;
      ours += best;
      theirs += ref;
      log.info(
        `${b.name.padEnd(16)} yours ${best.toFixed(0).padStart(6)} ms CPU   reference VM ${ref.toFixed(1).padStart(7)} ms`,
      );
    }
    // A program faster than the clock's 10 ms ticks still gets a finite ratio.
    const ratio = Math.max(ours, 10) / Math.max(theirs, 1);
    log.pass(
      `CPU time ${ours.toFixed(0)} ms against the reference VM's ${theirs.toFixed(1)} ms: ${ratio.toFixed(2)}× the reference`,
    );
    return {
      metric: { name: "cpu-time-ratio", value: Number(ratio.toFixed(3)), unit: "× reference VM", better: "lower" },
    };
  },
});
