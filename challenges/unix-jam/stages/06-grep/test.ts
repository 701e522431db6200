// Stage 6: grep — fixed strings (-F) and a basic-regex subset, -i -v -n -c, several files, exit status.
import { defineStage, type Random } from "@bsod/harness";
import { type Case, F, type GrepOpts, grepRef, MISSING, runCases, text } from "../../lib/coreutils.ts";

const VOCAB = [
  "alpha",
  "beta",
  "Gamma",
  "delta",
  "ALPHA",
  "a.b",
  "x*y",
  "[tag]",
  "cost $5",
  "^caret",
  "back\\slash",
  "id42",
  "id7",
  "beta2",
];

function pattern(r: Random): string {
  const w = r.pick(VOCAB.filter((v) => /^[a-zA-Z0-9]+$/.test(v)));
  return r.pick([
    w,
    w.slice(0, 3),
    `^${w.slice(0, 2)}`,
    `${w.slice(-2)}$`,
    `${w[0]}.${w[2]}`,
    `${w.slice(0, 2)}*`,
    "id[0-9][0-9]*",
    "[aeiou]ta",
    "^[^a-z]",
    "a\\.b",
    "x\\*y",
    "\\[tag]",
    "^$",
    "[0-9]$",
    "a.*a",
  ]);
}

const flagArgs = (o: GrepOpts) =>
  [o.F && "-F", o.i && "-i", o.v && "-v", o.n && "-n", o.c && "-c"].filter((x): x is string => !!x);

export default defineStage({
  slug: "grep",
  title: "grep",
  async run(ctx) {
    const r = ctx.random;
    const cases: Case[] = [];
    const add = (
      why: string,
      pat: string,
      o: GrepOpts,
      inputs: Array<[string, string | undefined]>,
      stdin?: string,
      hint?: string,
    ) => {
      const labelled = inputs.map(
        ([n, c]) => [n === "-" ? "(standard input)" : F(n), n === "-" ? stdin : c] as [string, string | undefined],
      );
      const { stdout, exit } = grepRef(pat, labelled, o);
      const files = Object.fromEntries(
        inputs.filter(([n, c]) => n !== "-" && c !== undefined) as Array<[string, string]>,
      );
      cases.push({
        why,
        args: [...flagArgs(o), pat, ...inputs.map(([n]) => n)],
        files,
        stdin,
        expected: { stdout, exit, stderr: exit === 2 },
        hint,
      });
    };
    const fruit = "apple pie\nbanana split\ncherry tart\npineapple\n";
    add("a fixed string", "apple", {}, [["-", undefined]], fruit, "print every line that contains the pattern");
    add(
      "no match: exit status 1",
      "kiwi",
      {},
      [["-", undefined]],
      fruit,
      "when no line is selected grep prints nothing and exits with status 1",
    );
    add(
      "-n -i",
      "APPLE",
      { n: true, i: true },
      [["-", undefined]],
      fruit,
      '-n prefixes "N:" (1-based line number); -i ignores ASCII case',
    );
    add(
      "-c -v",
      "an",
      { c: true, v: true },
      [["-", undefined]],
      fruit,
      "-c prints the number of selected lines; -v selects the lines that do not match",
    );
    add(
      "regex: . and *",
      "p.*e",
      {},
      [["-", undefined]],
      fruit,
      "in a basic regex . is any byte and * repeats the previous item zero or more times",
    );
    add(
      "-F: regex characters are plain",
      "a.b",
      { F: true },
      [["-", undefined]],
      "a.b\naxb\n",
      "with -F the pattern is a fixed string: . is a dot",
    );
    add(
      "two files: name prefixes",
      "an",
      { n: true },
      [
        ["f1.txt", fruit],
        ["f2.txt", "and\nno\n"],
      ],
      undefined,
      'with several files each line is prefixed by "name:" (and the line number after it with -n)',
    );
    for (let i = 0; i < 7; i++) {
      const rr = r.fork(`g${i}`);
      const o: GrepOpts = { F: false, i: rr.bool(0.3), v: rr.bool(0.25), n: rr.bool(0.4), c: rr.bool(0.2) };
      const pat = pattern(rr);
      const nFiles = rr.pick([1, 1, 2, 3]);
      const inputs = Array.from(
        { length: nFiles },
        (_, j) => [`in${j + 1}.txt`, text(rr, { lines: [0, 14], vocabulary: VOCAB, odd: 0.15 })] as [string, string],
      );
      add(
        `random #${i + 1}`,
        pat,
        o,
        inputs,
        undefined,
        "patterns use ^ $ . * [...] [^...] and \\ before a special character; see the stage's page",
      );
    }
    for (let i = 0; i < 2; i++) {
      const rr = r.fork(`F${i}`);
      const pat = rr.pick(["a.b", "x*y", "[tag]", "$5", "^caret", "back\\slash", "alpha"]);
      add(
        `-F random #${i + 1}`,
        pat,
        { F: true, i: rr.bool(), n: rr.bool() },
        [["in.txt", text(rr, { lines: [2, 12], vocabulary: VOCAB, odd: 0.1 })]],
        undefined,
        "-F matches the pattern as a plain substring",
      );
    }
    add("empty input", "x", {}, [["-", undefined]], "", "no lines, no match: exit status 1");
    add(
      "a missing file among others",
      "a",
      {},
      [
        ["f1.txt", fruit],
        [MISSING, undefined],
        ["f2.txt", "a\n"],
      ],
      undefined,
      `report "grep: ${MISSING}: No such file or directory" on stderr, search the other files, and exit with status 2 (an error wins over a match)`,
    );
    await runCases(ctx, "grep", cases);
  },
});
