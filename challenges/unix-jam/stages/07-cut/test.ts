// Stage 7: cut — fields with -d and -f lists.
import { defineStage, type Random } from "@bsod/harness";
import { type Case, cutRef, MISSING, runCases } from "../../lib/coreutils.ts";

function table(r: Random, d: string): string {
  let s = "";
  for (let i = r.int(1, 10); i > 0; i--) {
    if (r.bool(0.1)) s += `${r.word()} without delimiter\n`;
    else
      s += `${Array.from({ length: r.int(1, 7) }, () => (r.bool(0.15) ? "" : r.bool(0.1) ? "\x80\xfe" : r.word())).join(d)}\n`;
  }
  return r.bool(0.3) ? s.slice(0, -1) : s;
}

function list(r: Random): string {
  return Array.from({ length: r.int(1, 3) }, () =>
    r.pick([String(r.int(1, 6)), `${r.int(1, 3)}-${r.int(3, 6)}`, `${r.int(2, 5)}-`, `-${r.int(1, 4)}`]),
  ).join(",");
}

export default defineStage({
  slug: "cut",
  title: "cut",
  async run(ctx) {
    const r = ctx.random;
    const cases: Case[] = [];
    const csv = "name,lang,year\nada,c,1972\nguido,python,1991\n";
    cases.push({
      why: "one field",
      args: ["-d", ",", "-f", "2"],
      stdin: csv,
      expected: { stdout: cutRef(csv, ",", "2"), exit: 0 },
      hint: "-d sets the delimiter, -f the fields (numbered from 1)",
    });
    cases.push({
      why: "a list of fields",
      args: ["-d", ",", "-f", "3,1"],
      stdin: csv,
      expected: { stdout: cutRef(csv, ",", "3,1"), exit: 0 },
      hint: "fields come out in the order of the line, once each, joined by the delimiter",
    });
    const tsv = "a\tb\tc\nno tab here\n";
    cases.push({
      why: "the default delimiter is TAB",
      args: ["-f", "2-"],
      stdin: tsv,
      expected: { stdout: cutRef(tsv, "\t", "2-"), exit: 0 },
      hint: "a line without the delimiter is printed whole",
    });
    for (let i = 0; i < 8; i++) {
      const rr = r.fork(`c${i}`);
      const d = rr.pick([":", ",", ";", " ", "|"]);
      const l = list(rr);
      const data = table(rr, d);
      const viaFile = i % 2 === 0;
      cases.push({
        why: `random #${i + 1}`,
        args: ["-d", d, "-f", l, ...(viaFile ? ["in.txt"] : [])],
        files: viaFile ? { "in.txt": data } : {},
        stdin: viaFile ? undefined : data,
        expected: { stdout: cutRef(data, d, l), exit: 0 },
        hint: "N, N-M, N- and -M ranges; fields past the end of the line are skipped; empty fields count",
      });
    }
    cases.push({ why: "empty input", args: ["-d", ":", "-f", "1"], stdin: "", expected: { stdout: "", exit: 0 } });
    const p = "root:x:0:0\nuser:x:1000:1000";
    cases.push({
      why: "a missing file between two others",
      args: ["-d", ":", "-f", "1,3", "p.txt", MISSING, "p.txt"],
      files: { "p.txt": p },
      expected: { stdout: cutRef(`${p}\n${p}`, ":", "1,3"), exit: 1, stderr: true },
      hint: `report "cut: ${MISSING}: No such file or directory" on stderr, go on with the next file, exit with status 1`,
    });
    await runCases(ctx, "cut", cases);
  },
});
