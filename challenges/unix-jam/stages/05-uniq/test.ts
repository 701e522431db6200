// Stage 5: uniq — adjacent duplicate lines, -c and -d.
import { defineStage, type Random } from "@bsod/harness";
import { type Case, MISSING, runCases, uniqRef } from "../../lib/coreutils.ts";

function runs(r: Random): string {
  const pool = [...r.words(4), "", "a\x80b", "Apple", "apple", "x\ty"];
  let s = "";
  for (let i = r.int(3, 12); i > 0; i--) {
    const l = r.pick(pool);
    for (let k = r.pick([1, 1, 2, 3, 5]); k > 0; k--) s += `${l}\n`;
  }
  return r.bool(0.3) ? s.slice(0, -1) : s;
}

export default defineStage({
  slug: "uniq",
  title: "uniq",
  async run(ctx) {
    const r = ctx.random;
    const cases: Case[] = [];
    const add = (why: string, o: { c?: boolean; d?: boolean }, data: string, viaFile: boolean, hint?: string) =>
      cases.push({
        why,
        args: [...(o.c ? ["-c"] : []), ...(o.d ? ["-d"] : []), ...(viaFile ? ["in.txt"] : [])],
        files: viaFile ? { "in.txt": data } : {},
        stdin: viaFile ? undefined : data,
        expected: { stdout: uniqRef(data, o), exit: 0 },
        hint,
      });
    add("adjacent duplicates", {}, "a\na\nb\na\n", false, "only adjacent equal lines are merged: a, b, a");
    add(
      "-c counts",
      { c: true },
      "a\na\nb\n",
      true,
      'each line is prefixed by its count right-aligned in 7 columns and a space: printf("%7d %s\\n")',
    );
    add("the last line has no newline", {}, "x\nx", false, "a last line without \\n equals the same line with \\n");
    add("empty input", { c: true }, "", false);
    const opts = [{}, { c: true }, { d: true }, { c: true, d: true }];
    for (let i = 0; i < 8; i++) {
      const o = opts[i % 4] as { c?: boolean; d?: boolean };
      add(
        `random runs #${i + 1}`,
        o,
        runs(r.fork(`u${i}`)),
        i % 3 === 0,
        o.d
          ? "-d prints one copy of each line that is repeated, and nothing for the others"
          : "comparison is byte for byte and case-sensitive",
      );
    }
    cases.push({
      why: "a missing file",
      args: [MISSING],
      expected: { stdout: "", exit: 1, stderr: true },
      hint: "print an error on stderr and exit with status 1",
    });
    await runCases(ctx, "uniq", cases);
  },
});
