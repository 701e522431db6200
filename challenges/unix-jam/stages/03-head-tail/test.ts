// Stage 3: head and tail — the first or last N lines of a file or of stdin.
import { defineStage } from "@bsod/harness";
import { type Case, headN, longLine, MISSING, runCases, tailN, text } from "../../lib/coreutils.ts";

export default defineStage({
  slug: "head-tail",
  title: "head and tail",
  async run(ctx) {
    const r = ctx.random;
    const heads: Case[] = [];
    const tails: Case[] = [];
    const ten = Array.from({ length: 15 }, (_, i) => `line ${i + 1}\n`).join("");
    heads.push({
      why: "default: 10 lines",
      args: ["ten.txt"],
      files: { "ten.txt": ten },
      expected: { stdout: headN(ten, 10), exit: 0 },
    });
    tails.push({
      why: "default: 10 lines",
      args: ["ten.txt"],
      files: { "ten.txt": ten },
      expected: { stdout: tailN(ten, 10), exit: 0 },
    });
    for (let i = 0; i < 4; i++) {
      const rr = r.fork(`h${i}`);
      const t = text(rr, { lines: [0, 20], odd: 0.2, nul: true, noFinalNewline: 0.4 });
      const n = rr.pick([0, 1, 2, 3, 5, 8, 25]);
      const viaStdin = i % 2 === 1;
      const c = (want: string): Case => ({
        why: `${viaStdin ? "stdin" : "a file"}, -n ${n} (random #${i + 1})`,
        args: viaStdin ? ["-n", String(n)] : ["-n", String(n), "in.txt"],
        files: viaStdin ? {} : { "in.txt": t },
        stdin: viaStdin ? t : undefined,
        expected: { stdout: want, exit: 0 },
        hint: "lines are copied byte for byte; a last line without \\n is still a line, and stays without \\n",
      });
      heads.push(c(headN(t, n)));
      tails.push(c(tailN(t, n)));
    }
    const long = `${longLine(r)}\nshort\n`;
    heads.push({ why: "a 150 kB line", args: ["-n", "1"], stdin: long, expected: { stdout: headN(long, 1), exit: 0 } });
    tails.push({
      why: "a 150 kB line",
      args: ["-n", "2", "-"],
      stdin: long,
      expected: { stdout: tailN(long, 2), exit: 0 },
    });
    heads.push({ why: "empty stdin", args: ["-n", "3"], stdin: "", expected: { stdout: "", exit: 0 } });
    tails.push({ why: "empty stdin", args: ["-n", "3"], stdin: "", expected: { stdout: "", exit: 0 } });
    for (const list of [heads, tails]) {
      list.push({
        why: "a missing file",
        args: ["-n", "2", MISSING],
        expected: { stdout: "", exit: 1, stderr: true },
        hint: "print an error on stderr and exit with status 1",
      });
    }
    await runCases(ctx, "head", heads);
    await runCases(ctx, "tail", tails);
  },
});
