// Stage 4: sort — byte order, -n, -r, -u, -s (stable) and their combinations.
import { defineStage } from "@bsod/harness";
import { type Case, MISSING, runCases, sortRef, text } from "../../lib/coreutils.ts";

type Opts = { n?: boolean; r?: boolean; u?: boolean; s?: boolean };

function numericLines(r: import("@bsod/harness").Random): string {
  const n = r.int(5, 20);
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r.next();
    if (k < 0.15) s += `${r.word()}\n`;
    else if (k < 0.2) s += "\n";
    else {
      const num = r.pick([String(r.int(0, 20)), String(r.int(-20, 20)), String(r.int(0, 100000)), "0", "-0", "007"]);
      s += `${r.pick(["", "", " ", "  ", "\t"])}${num}${r.pick(["", "", ` ${r.word()}`, `x${r.int(1, 3)}`])}\n`;
    }
  }
  return s;
}

const flagArgs = (o: Opts) => [o.n && "-n", o.r && "-r", o.u && "-u", o.s && "-s"].filter((x): x is string => !!x);

export default defineStage({
  slug: "sort",
  title: "sort",
  async run(ctx) {
    const r = ctx.random;
    const cases: Case[] = [];
    const add = (why: string, o: Opts, data: string, hint?: string, viaFile = false) =>
      cases.push({
        why: `${flagArgs(o).join(" ") || "no flags"}: ${why}`,
        args: [...flagArgs(o), ...(viaFile ? ["in.txt"] : [])],
        files: viaFile ? { "in.txt": data } : {},
        stdin: viaFile ? undefined : data,
        expected: { stdout: sortRef(data, o), exit: 0 },
        hint,
      });
    add("words", {}, "pear\napple\nPear\nbanana\n", "compare bytes (the C locale): uppercase sorts before lowercase");
    add("no newline at the end", {}, "b\na", "every output line ends with \\n", true);
    add("empty input", {}, "");
    for (let i = 0; i < 1; i++)
      add(
        `random text #${i + 1}`,
        {},
        text(r.fork(`t${i}`), { lines: [5, 25], odd: 0.2 }),
        "compare bytes as unsigned values (0x80 sorts after z)",
      );
    add("numbers", { n: true }, "10\n9\n100\n-3\n", "-n compares the number at the start of the line");
    const combos: Opts[] = [
      { n: true },
      { n: true, r: true },
      { r: true },
      { u: true },
      { n: true, u: true },
      { n: true, s: true },
      { n: true, r: true, s: true },
      { n: true, r: true, u: true },
    ];
    combos.forEach((o, i) => {
      add(
        `random numbers #${i + 1}`,
        o,
        numericLines(r.fork(`n${i}`)),
        o.s || o.u
          ? "equal keys keep their input order (-s); -u keeps only the first line of each run of equal keys"
          : "lines with equal numbers are ordered by their bytes, and -r reverses that too; a line without a number counts as 0",
        i % 2 === 1,
      );
    });
    add("many lines", { n: true }, Array.from({ length: 5000 }, () => `${r.int(-1e6, 1e6)}\n`).join(""));
    cases.push({
      why: "a missing file",
      args: ["in.txt", MISSING],
      files: { "in.txt": "b\na\n" },
      expected: { stdout: "", exit: 2, stderr: true },
      hint: "GNU sort reads every input before printing anything: a missing file is an error (exit status 2) and nothing is printed",
    });
    await runCases(ctx, "sort", cases);
  },
});
