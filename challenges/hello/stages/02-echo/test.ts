// Stage 2: the program prints its arguments joined by single spaces, then a newline.
// Fixed edge cases first (the usual mistakes), then seeded random word lists.
import { defineStage } from "@bsod/harness";

interface Case {
  args: string[];
  why: string;
  hint?: string;
}

const shown = (args: string[]) => args.map((a) => (/^[\w.,!-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");

export default defineStage({
  slug: "echo",
  title: "Echo your arguments",
  async run({ program, log, expect, random }) {
    const cases: Case[] = [
      { args: ["hello"], why: "one argument" },
      {
        args: ["hello", "world"],
        why: "two arguments",
        hint: "join the arguments with one space, and do not print the program's name (argv[0])",
      },
      {
        args: ["two  spaces", "x"],
        why: "an argument that contains spaces",
        hint: "print each argument exactly as it is; do not split or trim it",
      },
      {
        args: ["a", "", "b"],
        why: "an empty argument in the middle",
        hint: 'an empty argument still gets its separating space: "a  b"',
      },
      {
        args: ["-n", "--help"],
        why: "arguments that look like options",
        hint: "do not interpret arguments; print them",
      },
      { args: ["héllo", "wörld", "✓"], why: "non-ASCII arguments", hint: "print the bytes of each argument unchanged" },
    ];
    for (let i = 0; i < 5; i++) {
      cases.push({ args: random.words(random.int(3, 8)), why: `random words #${i + 1}` });
    }
    for (const c of cases) {
      log.step(`$ ./your_program ${shown(c.args)}`);
      const { stdout } = await program.run(c.args);
      const expected = `${c.args.join(" ")}\n`;
      if (stdout === `${c.args.join(" ")}`) {
        expect(stdout, {
          message: `${c.why}: the newline at the end is missing`,
          hint: "end the output with \\n",
        }).toEqual(expected);
      }
      expect(stdout, { label: c.why, hint: c.hint ?? "print the arguments joined by single spaces, then \\n" }).toEqual(
        expected,
      );
    }
    log.pass(`echoed ${cases.length} argument lists`);
  },
});
