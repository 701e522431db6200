// Stage 2: wc — -l -w -c in any subset, several files with a total line, GNU's column widths.
import { defineStage } from "@bsod/harness";
import { type Case, F, longLine, MISSING, runCases, text, type WcInput, wcRef } from "../../lib/coreutils.ts";

type Flags = { l?: boolean; w?: boolean; c?: boolean };
const flagArgs = (f: Flags) => [f.l && "-l", f.w && "-w", f.c && "-c"].filter((x): x is string => !!x);

export default defineStage({
  slug: "wc",
  title: "wc",
  async run(ctx) {
    const r = ctx.random;
    const cases: Case[] = [];
    const add = (
      why: string,
      flags: Flags,
      inputs: WcInput[],
      files: Record<string, string>,
      stdin?: string,
      hint?: string,
    ) => {
      const args = [
        ...flagArgs(flags),
        ...inputs
          .filter((i) => !(i.stdin && i.label === ""))
          .map((i) => (i.stdin ? "-" : i.label.replace(/\u0001/g, ""))),
      ];
      const { stdout, exit } = wcRef(inputs, flags);
      cases.push({ why, args, files, stdin, expected: { stdout, exit, stderr: exit !== 0 }, hint });
    };
    const file = (name: string, content: string | undefined): WcInput => ({ label: F(name), content, stdin: false });
    const stdin = (content: string, named = false): WcInput => ({ label: named ? "-" : "", content, stdin: true });

    const a = "one two three\nfour\n";
    add(
      "-l of one file",
      { l: true },
      [file("a.txt", a)],
      { "a.txt": a },
      undefined,
      'one count of one file has no padding: "2 a.txt"',
    );
    add(
      "no flags: lines, words, bytes",
      {},
      [file("a.txt", a)],
      { "a.txt": a },
      undefined,
      "the columns are as wide as the digits of the file's size (here 2)",
    );
    const s = text(r.fork("s"), { odd: 0.3 });
    add("stdin, no flags", {}, [stdin(s)], {}, s, 'reading stdin, the columns are 7 wide: printf("%7d %7d %7d\\n")');
    add(
      "stdin, -l only",
      { l: true },
      [stdin(s)],
      {},
      s,
      "a single count of a single input is printed without padding",
    );
    add("empty stdin", {}, [stdin("")], {}, "");
    for (let i = 0; i < 4; i++) {
      const rr = r.fork(`m${i}`);
      const flags: Flags = { l: rr.bool(), w: rr.bool(), c: rr.bool() };
      const names = Array.from({ length: rr.int(2, 4) }, (_, j) => `f${j + 1}.txt`);
      const contents = names.map(() => text(rr, { lines: [0, 30], odd: 0.25, nul: true }));
      const files = Object.fromEntries(names.map((n, j) => [n, contents[j] as string]));
      add(
        `several files, ${flagArgs(flags).join(" ") || "no flags"} (random #${i + 1})`,
        flags,
        names.map((n, j) => file(n, contents[j])),
        files,
        undefined,
        "one row per file, then a total row; every column is as wide as the digits of the sum of the files' sizes",
      );
    }
    const t = text(r.fork("t"));
    add(
      "a file and stdin",
      { l: true, w: true },
      [file("t.txt", t), stdin(t, true)],
      { "t.txt": t },
      t,
      "with stdin among the inputs the columns are at least 7 wide",
    );
    const long = longLine(r);
    add("a 150 kB line without newline", {}, [file("long.txt", long)], { "long.txt": long });
    const odd = "\x01\x02 \x80\x81\xff\x7f\x0b\xfe\r\n\t\f";
    add(
      "control and non-UTF-8 bytes",
      { w: true, c: true },
      [file("odd.txt", odd)],
      { "odd.txt": odd },
      undefined,
      "count bytes, not characters; space, \\t, \\n, \\v, \\f, \\r end a word, a printable ASCII byte starts one, other bytes neither start nor end one",
    );
    const m = text(r.fork("missing"));
    add(
      "a missing file after an existing one",
      {},
      [file("m.txt", m), file(MISSING, undefined), file("m.txt", m)],
      { "m.txt": m },
      undefined,
      `report "wc: ${MISSING}: No such file or directory" on stderr, count the other files, print the total, exit 1`,
    );
    await runCases(ctx, "wc", cases);
  },
});
