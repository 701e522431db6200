// Stage 2: wc in x86-64 assembly — lines, words and bytes of standard input in GNU's columns,
// still without libc.
import { defineStage } from "@bsod/harness";
import { type Case, longLine, runCases, text, wcCounts } from "../../../unix-jam/lib/coreutils.ts";
import { requireNoLibc } from "../../lib/elf.ts";

/** GNU wc reading a pipe: three counts, each right-aligned in 7 columns, one space between. */
const wcStdin = (s: string) => {
  const { l, w, c } = wcCounts(s);
  return `${[l, w, c].map((n) => String(n).padStart(7)).join(" ")}\n`;
};

export default defineStage({
  slug: "wc",
  title: "wc in assembly",
  async run(ctx) {
    requireNoLibc(ctx);
    const r = ctx.random;
    const inputs: Array<[string, string, string?]> = [
      ["two lines", "one two three\nfour\n"],
      ["empty input", ""],
      ["no newline at the end", "  leading and trailing spaces  "],
      [
        "tabs, CR, vertical tab and form feed separate words",
        "a\tb\rc\vd\fe\n\n  \n",
        "the separators are the six bytes space \\t \\n \\v \\f \\r",
      ],
      [
        "random text with control and non-UTF-8 bytes",
        text(r.fork("t"), { nul: true, odd: 0.2 }),
        "every other byte (NUL, 0x80–0xff too) is part of a word",
      ],
      ["a 150 kB line", longLine(r), "read(2) until it returns 0: the input is bigger than one buffer"],
    ];
    const cases: Case[] = inputs.map(([why, stdin, hint]) => ({
      why,
      args: [],
      stdin,
      expected: { stdout: wcStdin(stdin), exit: 0 },
      hint: hint ?? "print lines, words and bytes, each right-aligned in 7 columns, separated by one space, then \\n",
    }));
    await runCases(ctx, "wc", cases);
  },
});
