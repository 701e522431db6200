// Shared by the coreutils stages: small reference implementations of the GNU tools (bytes are
// handled as latin1 strings, so one character is one byte, as in the C locale), seeded input
// generators, and the runner that writes the input files, runs the program and compares stdout,
// the exit status and the presence of a message on stderr.
import { relative } from "node:path";
import type { Random, StageContext } from "@bsod/harness";

/** One command to run: `./your_program <args>` with these files written first. */
export interface Case {
  why: string;
  args: string[];
  /** Input files by name (latin1 strings: one char = one byte). */
  files?: Record<string, string>;
  stdin?: string;
  expected: { stdout: string; exit: number; stderr?: boolean };
  hint?: string;
}

export const MISSING = "no-such-file.txt";

/** Bytes (latin1) shown readably: printable ASCII as is, the rest as escapes. */
export function show(s: string, max = 300): string {
  let out = "";
  for (const ch of s.slice(0, max)) {
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === '"') out += '\\"';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `"${out}"${s.length > max ? `… (${s.length} bytes in all)` : ""}`;
}

const shellWord = (a: string) => (/^[\w./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);

/** What the program prints, as the harness sees it (UTF-8 decoded). */
const decoded = (latin1: string) => Buffer.from(latin1, "latin1").toString("utf8");

/** Runs every case in order; the first difference fails the stage with the input in the log. */
export async function runCases(ctx: StageContext, tool: string, cases: Case[]): Promise<void> {
  const { program, log, expect, files, tmpDir } = ctx;
  const base = tmpDir.replace(/\/\.bsod-tmp\/.*$/, "");
  let n = 0;
  for (const c of cases) {
    n++;
    const dir = `case${n}`;
    const paths = new Map<string, string>();
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const full = files.write(`${dir}/${name}`, Buffer.from(content, "latin1"));
      paths.set(name, relative(base, full));
    }
    paths.set(MISSING, relative(base, `${tmpDir}/${dir}/${MISSING}`));
    const args = [tool, ...c.args.map((a) => paths.get(a) ?? a)];
    // expected output names the files as they were passed
    let stdout = c.expected.stdout;
    for (const [name, p] of paths) stdout = stdout.split(`\u0001${name}\u0001`).join(p);
    const cmd = `$ ./your_program ${args.map(shellWord).join(" ")}${c.stdin !== undefined ? ` < stdin` : ""}`;
    log.step(`${cmd}   (${c.why})`);
    const res = await program.run(args, {
      stdin: c.stdin === undefined ? undefined : Buffer.from(c.stdin, "latin1"),
      check: false,
      logStdout: false,
    });
    if (res.signal) ctx.fail(`${cmd}: your program was killed by ${res.signal}`, "look for a crash on this input");
    const explain = () => {
      log.info(`seed ${ctx.seed}, case ${n}: ${c.why}`);
      for (const [name, content] of Object.entries(c.files ?? {}))
        log.info(`file ${paths.get(name)}: ${show(content)}`);
      if (c.stdin !== undefined) log.info(`stdin: ${show(c.stdin)}`);
      if (c.args.includes(MISSING)) log.info(`${paths.get(MISSING)} does not exist`);
    };
    const want = decoded(stdout);
    if (res.stdout !== want) {
      explain();
      if (res.stdout === "" && want !== "" && n === 1) {
        ctx.fail(
          `${cmd}: your program printed nothing on stdout`,
          `the tests run your program as the utility: dispatch on the first argument (${tool}) — see this stage's page`,
        );
      }
      if (res.stdout === want.replace(/\n$/, "")) {
        ctx.fail(`${cmd}: the newline at the end of the output is missing`, c.hint ?? "end every output line with \\n");
      }
      expect(res.stdout, { label: `stdout of ${cmd}`, hint: c.hint }).toEqual(want);
    }
    if (res.exitCode !== c.expected.exit) {
      explain();
      ctx.fail(
        `${cmd}: exit status ${res.exitCode}, expected ${c.expected.exit}`,
        c.hint ?? (c.expected.exit === 0 ? "exit with status 0 on success" : "see the exit status rules on this page"),
      );
    }
    if (c.expected.stderr && res.stderr.trim() === "") {
      explain();
      ctx.fail(
        `${cmd}: nothing was printed on stderr`,
        `print an error message such as "${tool}: ${MISSING}: No such file or directory" on stderr`,
      );
    }
  }
  log.pass(`${cases.length} commands gave the same output and exit status as GNU ${tool}`);
}

/** Marks a file name inside an expected output so the runner substitutes its path. */
export const F = (name: string) => `\u0001${name}\u0001`;

// ---------------------------------------------------------------------------------------------
// Input generators

/** Bytes that may appear in "binary-ish" input: controls, lone UTF-8 continuation bytes, 0xfe/0xff. */
const ODD = (() => {
  let s = "";
  for (let c = 1; c < 0x20; c++) if (c !== 0x0a) s += String.fromCharCode(c);
  s += "\x7f";
  for (let c = 0x80; c < 0xc0; c++) s += String.fromCharCode(c);
  return `${s}\xfe\xff`;
})();

export interface TextOptions {
  lines?: [number, number];
  /** Allow NUL bytes. */
  nul?: boolean;
  /** Probability of a line with odd bytes. */
  odd?: number;
  /** Probability that the last newline is missing. */
  noFinalNewline?: number;
  /** Words to draw from (default: the random word list). */
  vocabulary?: string[];
}

export function line(random: Random, o: TextOptions = {}): string {
  const kind = random.next();
  if (kind < (o.odd ?? 0.1)) {
    let s = "";
    const len = random.int(1, 12);
    for (let i = 0; i < len; i++) {
      s += random.bool(0.5) ? random.pick([...ODD]) : random.string(1, "abcdefghij XYZ\t");
    }
    if (o.nul && random.bool(0.3)) s += "\x00";
    return s;
  }
  if (kind < (o.odd ?? 0.1) + 0.08) return "";
  const words = Array.from({ length: random.int(1, 6) }, () =>
    o.vocabulary ? random.pick(o.vocabulary) : random.word(),
  );
  let s = "";
  for (const w of words) s += (s ? random.pick([" ", " ", " ", "  ", "\t"]) : random.bool(0.1) ? " " : "") + w;
  return s;
}

export function text(random: Random, o: TextOptions = {}): string {
  const [lo, hi] = o.lines ?? [1, 12];
  const n = random.int(lo, hi);
  const ls = Array.from({ length: n }, () => line(random, o));
  let s = ls.map((l) => `${l}\n`).join("");
  if (s.length > 0 && random.bool(o.noFinalNewline ?? 0.25)) s = s.slice(0, -1);
  return s;
}

/** A line of ~150 kB. */
export function longLine(random: Random): string {
  const unit = random.words(8).join(" ");
  return `${unit} `.repeat(Math.ceil(150_000 / (unit.length + 1)));
}

// ---------------------------------------------------------------------------------------------
// Reference implementations (GNU coreutils 9, LC_ALL=C)

/** Lines without their \n; a last line without \n counts. */
export function splitLines(s: string): string[] {
  if (s === "") return [];
  const ls = s.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
}

/** Lines with their terminators kept. */
export function rawLines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function catN(data: string): string {
  let out = "";
  let n = 0;
  let atStart = true;
  for (const ch of data) {
    if (atStart) {
      n++;
      out += `${String(n).padStart(6)}\t`;
      atStart = false;
    }
    out += ch;
    if (ch === "\n") atStart = true;
  }
  return out;
}

const WS = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

export function wcCounts(s: string): { l: number; w: number; c: number } {
  let l = 0;
  let w = 0;
  let inWord = false;
  for (const ch of s) {
    if (ch === "\n") l++;
    // GNU wc in the C locale: whitespace ends a word, a printable byte starts one, any other
    // byte (controls, 0x7f and up) neither starts nor ends a word.
    const c = ch.charCodeAt(0);
    if (WS.has(ch)) inWord = false;
    else if (c > 0x20 && c < 0x7f && !inWord) {
      inWord = true;
      w++;
    }
  }
  return { l, w, c: s.length };
}

export const headN = (s: string, n: number) => rawLines(s).slice(0, n).join("");
export const tailN = (s: string, n: number) => (n === 0 ? "" : rawLines(s).slice(-n).join(""));

export function numKey(line: string): number {
  const m = /^[ \t]*(-?)(\d+)/.exec(line);
  if (!m) return 0;
  const v = Number(m[2]);
  return m[1] && v !== 0 ? -v : v;
}

const byteCmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortRef(data: string, o: { n?: boolean; r?: boolean; u?: boolean; s?: boolean }): string {
  const ls = splitLines(data);
  const key = (a: string, b: string) => (o.n ? numKey(a) - numKey(b) : byteCmp(a, b));
  const sign = o.r ? -1 : 1;
  const stable = o.s || o.u;
  const sorted = [...ls].sort((a, b) => {
    const k = key(a, b);
    if (k !== 0 || stable) return sign * Math.sign(k);
    return sign * byteCmp(a, b);
  });
  const out: string[] = [];
  for (const l of sorted) {
    const last = out[out.length - 1];
    if (o.u && last !== undefined && key(last, l) === 0) continue;
    out.push(l);
  }
  return out.map((l) => `${l}\n`).join("");
}

export function uniqRef(data: string, o: { c?: boolean; d?: boolean }): string {
  const ls = splitLines(data);
  let out = "";
  for (let i = 0; i < ls.length; ) {
    let j = i;
    while (j < ls.length && ls[j] === ls[i]) j++;
    const count = j - i;
    if (!o.d || count > 1) out += `${o.c ? `${String(count).padStart(7)} ` : ""}${ls[i]}\n`;
    i = j;
  }
  return out;
}

/** Translates the basic-regex subset used by the grep stage into a JavaScript RegExp. */
export function breToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "\\" && i + 1 < pattern.length) {
      out += `\\x${pattern.charCodeAt(++i).toString(16).padStart(2, "0")}`;
    } else if (ch === ".") out += "[\\s\\S]";
    else if (ch === "*" && i > 0 && !(i === 1 && pattern[0] === "^")) out += "*";
    else if (ch === "^" && i === 0) out += "^";
    else if (ch === "$" && i === pattern.length - 1) out += "$";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      out += pattern.slice(i, end + 1).replace(/\\/g, "\\\\");
      i = end;
    } else out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  }
  return new RegExp(out);
}

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

export interface GrepOpts {
  i?: boolean;
  v?: boolean;
  n?: boolean;
  c?: boolean;
  F?: boolean;
}

/** inputs: [label, content | undefined (missing)]. */
export function grepRef(pattern: string, inputs: Array<[string, string | undefined]>, o: GrepOpts) {
  const p = o.i ? lowerAscii(pattern) : pattern;
  const re = o.F ? undefined : breToRegExp(p);
  const matches = (l: string) => {
    const s = o.i ? lowerAscii(l) : l;
    return re ? re.test(s) : s.includes(p);
  };
  let out = "";
  let any = false;
  let error = false;
  const multi = inputs.length > 1;
  for (const [label, content] of inputs) {
    if (content === undefined) {
      error = true;
      continue;
    }
    let count = 0;
    splitLines(content).forEach((l, idx) => {
      if (matches(l) === !o.v) {
        count++;
        if (!o.c) out += `${multi ? `${label}:` : ""}${o.n ? `${idx + 1}:` : ""}${l}\n`;
      }
    });
    if (o.c) out += `${multi ? `${label}:` : ""}${count}\n`;
    if (count > 0) any = true;
  }
  return { stdout: out, exit: error ? 2 : any ? 0 : 1 };
}

export function parseList(list: string): (f: number) => boolean {
  const parts = list.split(",").map((p) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(p) as RegExpExecArray;
    const lo = m[1] ? Number(m[1]) : 1;
    const hi = m[2] ? (m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY) : lo;
    return [lo, hi] as const;
  });
  return (f) => parts.some(([lo, hi]) => f >= lo && f <= hi);
}

export function cutRef(data: string, delim: string, list: string): string {
  const sel = parseList(list);
  let out = "";
  for (const l of splitLines(data)) {
    if (!l.includes(delim)) {
      out += `${l}\n`;
      continue;
    }
    out += `${l
      .split(delim)
      .filter((_, i) => sel(i + 1))
      .join(delim)}\n`;
  }
  return out;
}

/** One wc operand: a file (label = its name marker), `-`, or stdin without a name (label ""). */
export interface WcInput {
  label: string;
  content: string | undefined;
  stdin: boolean;
}

export function wcRef(inputs: WcInput[], flags: { l?: boolean; w?: boolean; c?: boolean }) {
  const f = flags.l || flags.w || flags.c ? flags : { l: true, w: true, c: true };
  const nCounts = [f.l, f.w, f.c].filter(Boolean).length;
  let width = 1;
  if (nCounts === 1 && inputs.length === 1) width = 1;
  else if (inputs[0]?.content !== undefined) {
    let min = 1;
    let total = 0;
    for (const i of inputs) {
      if (i.stdin) min = 7;
      else if (i.content !== undefined) total += i.content.length;
    }
    width = Math.max(String(total).length, min);
  }
  const row = (k: { l: number; w: number; c: number }, label: string) => {
    const nums = [f.l && k.l, f.w && k.w, f.c && k.c].filter((x) => x !== false && x !== undefined) as number[];
    return `${nums.map((x) => String(x).padStart(width)).join(" ")}${label ? ` ${label}` : ""}\n`;
  };
  let out = "";
  const total = { l: 0, w: 0, c: 0 };
  let error = false;
  for (const i of inputs) {
    if (i.content === undefined) {
      error = true;
      continue;
    }
    const k = wcCounts(i.content);
    total.l += k.l;
    total.w += k.w;
    total.c += k.c;
    out += row(k, i.label);
  }
  if (inputs.length > 1) out += row(total, "total");
  return { stdout: out, exit: error ? 1 : 0 };
}
