// How long `bsod` takes to start and answer (`bsod --version`, `bsod --help`): the bundle
// (dist/bsod.mjs, built first) against the same commands from source through tsx, and a bare
// `node -e 0` measured in the same run (the part no CLI can save).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "@bsod/api/testing";
import { type BenchResult, median, ms } from "./stats.ts";

const BSOD = path.join(ROOT, "packages/cli/bin/bsod");

function timed(cmd: string, args: string[], env: Record<string, string> = {}, rounds = 12): number {
  const xs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const res = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${res.stderr}`);
    xs.push(performance.now() - t);
  }
  return median(xs);
}

export async function cliStartBench(): Promise<BenchResult[]> {
  const build = spawnSync("npm", ["run", "--silent", "build", "-w", "@bsod/cli"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the CLI bundle failed");
  const node = timed(process.execPath, ["-e", "0"]);
  const results: BenchResult[] = [];
  for (const args of [["--version"], ["--help"]]) {
    const bundle = timed(BSOD, args);
    const source = timed(BSOD, args, { BSOD_FROM_SOURCE: "1" });
    results.push({
      name: `cli start: bsod ${args.join(" ")}`,
      lines: [`bare node -e 0: ${ms(node)}`, `from source (tsx): ${ms(source)}`, `bundle: ${ms(bundle)}`],
      verdict: {
        value: `${ms(bundle)} (${(bundle / node).toFixed(2)}× bare node, ${(source / bundle).toFixed(1)}× faster than source)`,
        target: "< 300 ms, within 3× of bare node",
        ok: bundle < 300 && bundle / node < 3,
      },
    });
  }
  return results;
}
