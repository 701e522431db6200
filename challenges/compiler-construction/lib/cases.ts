// Runs Lox test programs through `./your_program <command> FILE` and judges stdout, stderr and
// the exit code. Every program of a stage runs; when some fail, the stage fails on the smallest
// one (generated programs are shrunk to their smallest failing part first), with expected and
// actual output side by side and a hint that names the usual mistake.
import type { StageContext } from "@bsod/harness";

export type Command = "tokenize" | "parse" | "evaluate" | "run";

export interface LoxCase {
  /** What the program checks, shown when it fails. */
  name: string;
  src: string;
  /** Expected stdout (default: nothing). */
  out?: string;
  /**
   * Expected error. A compile error is its first stderr line (`[line 3] Error at 'x': …`, exit
   * 65); a runtime error is its message, with `line` (exit 70).
   */
  err?: string;
  /** The line a runtime error names. */
  line?: number;
  /** Every compile error line, in order (tokenize reports them all). */
  errs?: string[];
  hint?: string;
  /** Smaller programs of the same kind, tried when this one fails (generated cases). */
  shrink?: () => LoxCase[];
}

export interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
}

export function expectedExit(c: LoxCase): number {
  if (c.errs?.length || (c.err !== undefined && c.line === undefined)) return 65;
  if (c.err !== undefined) return 70;
  return 0;
}

const numbered = (src: string) =>
  src
    .split("\n")
    .map((l, i) => `${String(i + 1).padStart(3)} | ${l}`)
    .join("\n");

const block = (label: string, text: string) => {
  if (text === "") return `${label}: (nothing)`;
  const shown = text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
  return `${label}:\n${shown.replace(/\n$/, "").replace(/^/gm, "    ")}${text.endsWith("\n") ? "" : "  (no newline at the end)"}`;
};

/** Why an outcome is wrong for a case (a message and a hint), or null when it is right. */
export function judge(c: LoxCase, command: Command, got: Outcome): { why: string; hint?: string } | null {
  const wantCode = expectedExit(c);
  const wantOut = c.out ?? "";
  const errLines = got.stderr.split("\n").filter((l) => l.trim() !== "");
  if (got.signal) return { why: `your program was killed by ${got.signal}`, hint: "look for a crash on this input" };
  const expectedErr = c.errs ?? (c.err !== undefined ? [c.err] : []);
  const errOnStdout = expectedErr.length > 0 && expectedErr.some((e) => got.stdout.includes(e));
  if (errOnStdout && !expectedErr.some((e) => got.stderr.includes(e))) {
    return {
      why: "the error message was printed on stdout",
      hint: "errors go to stderr (stdout carries only the program's own output): in C fprintf(stderr, …), in Python print(…, file=sys.stderr)",
    };
  }
  if (got.stdout === "" && wantOut !== "" && got.exitCode !== 0 && got.exitCode !== wantCode) {
    return {
      why: `your program printed nothing on stdout and exited with code ${got.exitCode}`,
      hint: `see what it printed on stderr (above); this stage starts with the ${command} command`,
    };
  }
  if (got.stdout !== wantOut) {
    const plain = got.stdout.replace(/\b(\d+)\.0\b/g, "$1");
    const hint =
      command !== "tokenize" && command !== "parse" && plain === wantOut
        ? "a number with no fraction prints without one: print 1; shows 1, not 1.0 (only tokenize and parse write literals as 1.0)"
        : (command === "tokenize" || command === "parse") && wantOut.replace(/\b(\d+)\.0\b/g, "$1") === got.stdout
          ? "tokenize and parse show a number literal with its fraction: 1 as 1.0, 1.50 as 1.5"
          : got.stdout.trim() === wantOut.trim()
            ? "the output differs only in blank lines or a missing final newline: every printed value ends with \\n"
            : wantCode === 70 && got.stdout.length > wantOut.length && got.stdout.startsWith(wantOut)
              ? "the program should stop at the runtime error; nothing after it runs"
              : c.hint;
    return { why: "stdout differs", hint };
  }
  if (got.exitCode !== wantCode) {
    const name = (n: number | null) =>
      n === 65 ? "65 (a compile error)" : n === 70 ? "70 (a runtime error)" : n === 0 ? "0 (success)" : String(n);
    const hint =
      wantCode === 65 && got.exitCode === 70
        ? "scanner, parser and resolver errors are found before anything runs: they exit 65, only errors while running exit 70"
        : wantCode === 70 && got.exitCode === 65
          ? "this program is valid Lox; it fails only when it runs, which exits 70"
          : wantCode !== 0 && got.exitCode === 0
            ? "after reporting an error, exit with 65 (compile error) or 70 (runtime error)"
            : wantCode === 0 && got.exitCode !== 0 && got.stderr.trim() === ""
              ? "a program without errors exits 0"
              : c.hint;
    return { why: `the exit code was ${name(got.exitCode)}, expected ${name(wantCode)}`, hint };
  }
  if (c.errs) {
    const want = c.errs;
    for (let i = 0; i < want.length; i++) {
      if (errLines[i] !== want[i]) {
        return {
          why: `stderr line ${i + 1} should be ${JSON.stringify(want[i])}, got ${JSON.stringify(errLines[i] ?? "(nothing)")}`,
          hint: c.hint ?? "report every error in the order found, then go on scanning",
        };
      }
    }
    return null;
  }
  if (c.err !== undefined && c.line === undefined) {
    if (errLines[0] !== c.err) {
      const hint = /^\[line \d+\] Error/.test(errLines[0] ?? "")
        ? c.hint
        : "a compile error reads [line N] Error at 'token': message (or Error at end: at the end of the file)";
      return {
        why: `the first line on stderr should be ${JSON.stringify(c.err)}, got ${JSON.stringify(errLines[0] ?? "(nothing)")}`,
        hint,
      };
    }
    return null;
  }
  if (c.err !== undefined) {
    const want = [c.err, `[line ${c.line}]`];
    const lineOk = (errLines[1] ?? "").startsWith(`[line ${c.line}]`);
    if (errLines[0] !== c.err || !lineOk) {
      return {
        why: `stderr should start with the lines ${JSON.stringify(want[0])} and ${JSON.stringify(want[1])}, got ${JSON.stringify(errLines.slice(0, 2).join("\n") || "(nothing)")}`,
        hint:
          c.hint ??
          "a runtime error prints its message, then [line N] with the line of the operator or call that failed",
      };
    }
  }
  return null;
}

export interface RunOptions {
  /** How many failures to collect before choosing the smallest (default 4). */
  maxFailures?: number;
  /** What to say in the log about the programs, e.g. "41 written for this stage, 60 generated". */
  what?: string;
}

export interface CaseReport {
  total: number;
  /** Programs that passed before the run stopped collecting failures. */
  passed: number;
  /** The smallest failure (shrunk), or undefined when every program passed. */
  failure?: { message: string; hint?: string };
  /** Logs the smallest failing program with expected and actual output. */
  explain(): void;
}

/** Runs the cases and finds the smallest failing program, without failing the stage. */
export async function checkCases(
  ctx: StageContext,
  command: Command,
  cases: LoxCase[],
  opts: RunOptions = {},
): Promise<CaseReport> {
  const { program, log, files } = ctx;
  let n = 0;
  const runOne = async (c: LoxCase): Promise<Outcome> => {
    n++;
    const file = files.write(`p${n}.lox`, c.src);
    const rel = file.slice(file.indexOf(".bsod-tmp/"));
    const res = await program.run([command, rel.startsWith(".bsod-tmp/") ? rel : file], {
      check: false,
      logStdout: false,
    });
    return { stdout: res.stdout, stderr: res.stderr, exitCode: res.exitCode, signal: res.signal };
  };
  log.step(`$ ./your_program ${command} FILE   for ${cases.length} programs${opts.what ? ` (${opts.what})` : ""}`);
  const failures: Array<{ c: LoxCase; got: Outcome; verdict: { why: string; hint?: string } }> = [];
  let passed = 0;
  const max = opts.maxFailures ?? 4;
  for (const c of cases) {
    const got = await runOne(c);
    const verdict = judge(c, command, got);
    if (!verdict) {
      passed++;
      continue;
    }
    failures.push({ c, got, verdict });
    if (failures.length >= max) break;
  }
  if (failures.length === 0) return { total: cases.length, passed, explain() {} };
  // The smallest failure; a generated one shrinks to its smallest failing part.
  failures.sort((a, b) => a.c.src.length - b.c.src.length);
  let worst = failures[0] as (typeof failures)[number];
  for (let rounds = 0; rounds < 20; rounds++) {
    const smaller = (worst.c.shrink?.() ?? []).filter((s) => s.src.length < worst.c.src.length);
    let found = false;
    for (const s of smaller.sort((a, b) => a.src.length - b.src.length)) {
      const got = await runOne(s);
      const verdict = judge(s, command, got);
      if (verdict) {
        worst = { c: s, got, verdict };
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  const { c, got, verdict } = worst;
  return {
    total: cases.length,
    passed,
    failure: { message: `${command} "${c.name}": ${verdict.why}`, ...(verdict.hint ? { hint: verdict.hint } : {}) },
    explain() {
      const wantErr =
        c.errs?.join("\n") ?? (c.err === undefined ? "" : c.line === undefined ? c.err : `${c.err}\n[line ${c.line}]`);
      log.info(
        `${failures.length}${failures.length >= max ? " or more" : ""} failed (${passed} passed before the stop); the smallest failing program, ${c.name}:`,
      );
      log.info(numbered(c.src));
      log.info(block("expected stdout", c.out ?? ""));
      log.info(block("your stdout", got.stdout));
      log.info(block("expected stderr", wantErr ? `${wantErr}\n` : ""));
      log.info(block("your stderr", got.stderr));
      log.info(`expected exit code ${expectedExit(c)}, yours ${got.signal ?? got.exitCode}`);
    },
  };
}

/** Runs the cases; fails the stage on the smallest failing program. */
export async function runCases(
  ctx: StageContext,
  command: Command,
  cases: LoxCase[],
  opts: RunOptions = {},
): Promise<void> {
  const report = await checkCases(ctx, command, cases, opts);
  if (!report.failure) {
    ctx.log.pass(`all ${cases.length} programs printed what they should`);
    return;
  }
  report.explain();
  ctx.fail(report.failure.message, report.failure.hint);
}

/** Lox source for a quick look in messages. */
export function oneLine(src: string): string {
  const s = src.replace(/\s*\n\s*/g, " ").trim();
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** A program that prints these lines and exits 0. */
export function prints(name: string, src: string, out: string[], hint?: string): LoxCase {
  return { name, src, out: out.length ? `${out.join("\n")}\n` : "", ...(hint ? { hint } : {}) };
}

/** A program that prints these lines, then fails at run time with this message on this line. */
export function fails(name: string, src: string, out: string[], err: string, line: number, hint?: string): LoxCase {
  return { name, src, out: out.length ? `${out.join("\n")}\n` : "", err, line, ...(hint ? { hint } : {}) };
}

/** A program that does not compile: the first stderr line. */
export function rejects(name: string, src: string, err: string, hint?: string): LoxCase {
  return { name, src, err, ...(hint ? { hint } : {}) };
}
