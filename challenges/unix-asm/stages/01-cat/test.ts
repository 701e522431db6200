// Stage 1: cat in x86-64 assembly — a static binary without libc, then files, `-` and stdin,
// binary bytes, a long line and a missing file, byte for byte like GNU cat.
import { defineStage } from "@bsod/harness";
import { type Case, longLine, MISSING, runCases, text } from "../../../unix-jam/lib/coreutils.ts";
import { requireNoLibc } from "../../lib/elf.ts";

export default defineStage({
  slug: "cat",
  title: "cat in assembly",
  async run(ctx) {
    requireNoLibc(ctx);
    const r = ctx.random;
    const a = "hello\nworld\n";
    const x = text(r.fork("x"), { nul: true, odd: 0.2 });
    const s = text(r.fork("s"));
    const w = text(r.fork("w"));
    const long = longLine(r);
    const cases: Case[] = [
      { why: "one file", args: ["a.txt"], files: { "a.txt": a }, expected: { stdout: a, exit: 0 } },
      {
        why: "no arguments: read stdin",
        args: [],
        stdin: "from stdin\n",
        expected: { stdout: "from stdin\n", exit: 0 },
      },
      { why: "empty input", args: [], stdin: "", expected: { stdout: "", exit: 0 } },
      {
        why: "a file, stdin as -, the file again (NUL and control bytes)",
        args: ["x.txt", "-", "x.txt"],
        files: { "x.txt": x },
        stdin: s,
        expected: { stdout: x + s + x, exit: 0 },
        hint: "copy the bytes unchanged, in order; `-` means file descriptor 0",
      },
      {
        why: "a 150 kB line through stdin (more than one read)",
        args: ["-"],
        stdin: long,
        expected: { stdout: long, exit: 0 },
        hint: "read(2) returns at most your buffer's size: loop until it returns 0, and write what each read gave",
      },
      {
        why: "a missing file between two others",
        args: ["w.txt", MISSING, "w.txt"],
        files: { "w.txt": w },
        expected: { stdout: w + w, exit: 1, stderr: true },
        hint: `open(2) returns -2 (ENOENT): write "cat: ${MISSING}: No such file or directory" to fd 2, go on, exit 1`,
      },
    ];
    await runCases(ctx, "cat", cases);
  },
});
