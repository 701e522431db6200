// Stage 1: cat — files, stdin as `-`, -n, and a missing file among others.
import { defineStage } from "@bsod/harness";
import { type Case, catN, longLine, MISSING, runCases, text } from "../../lib/coreutils.ts";

export default defineStage({
  slug: "cat",
  title: "cat",
  async run(ctx) {
    const r = ctx.random;
    const a = "hello\nworld\n";
    const cases: Case[] = [
      { why: "one file", args: ["a.txt"], files: { "a.txt": a }, expected: { stdout: a, exit: 0 } },
      {
        why: "no arguments: read stdin",
        args: [],
        stdin: "from stdin\n",
        expected: { stdout: "from stdin\n", exit: 0 },
      },
      { why: "empty input", args: [], stdin: "", expected: { stdout: "", exit: 0 } },
    ];
    for (let i = 0; i < 3; i++) {
      const x = text(r.fork(`x${i}`), { nul: true, odd: 0.2 });
      const y = text(r.fork(`y${i}`), { nul: true, odd: 0.2 });
      const s = text(r.fork(`s${i}`));
      cases.push({
        why: `two files and stdin in between (random #${i + 1})`,
        args: ["x.txt", "-", "y.txt"],
        files: { "x.txt": x, "y.txt": y },
        stdin: s,
        expected: { stdout: x + s + y, exit: 0 },
        hint: "copy the bytes unchanged, in order; `-` means standard input",
      });
    }
    const t = text(r.fork("n"), { lines: [3, 15], noFinalNewline: 0 });
    cases.push({
      why: "-n numbers the lines",
      args: ["-n", "t.txt"],
      files: { "t.txt": t },
      expected: { stdout: catN(t), exit: 0 },
      hint: 'each line starts with its number right-aligned in 6 columns, then a tab: printf("%6d\\t")',
    });
    const u = "no newline at the end";
    const v = `\n\nblank lines above\n${text(r.fork("v"), { odd: 0.2 })}`;
    cases.push({
      why: "-n over several inputs numbers on from one to the next",
      args: ["-n", "v.txt", "-"],
      files: { "v.txt": v },
      stdin: `${u}\n${u}`,
      expected: { stdout: catN(`${v}${u}\n${u}`), exit: 0 },
      hint: "numbering continues across files; empty lines are numbered too; a last line without \\n gets no \\n",
    });
    const long = longLine(r);
    cases.push({ why: "a 150 kB line", args: ["-"], stdin: long, expected: { stdout: long, exit: 0 } });
    const w = text(r.fork("w"));
    cases.push({
      why: "a missing file between two others",
      args: ["w.txt", MISSING, "w.txt"],
      files: { "w.txt": w },
      expected: { stdout: w + w, exit: 1, stderr: true },
      hint: `print "cat: ${MISSING}: No such file or directory" on stderr, go on with the next file, and exit with status 1`,
    });
    await runCases(ctx, "cat", cases);
  },
});
