// Seeded whole programs for the statement and control-flow stages. Each generator works out the
// expected output while it writes the program (it keeps the scopes and values itself), so no
// interpreter is needed for them.
import type { Random } from "@bsod/harness";
import type { LoxCase } from "./cases.ts";
import { formatNumber } from "./lox-ref.ts";

const NAMES = ["a", "b", "c", "x", "y"];

type Scope = Map<string, number>;

/** Variables, assignment, blocks and shadowing: numbers only, small integers. */
export function scopeProgram(r: Random, name: string): LoxCase {
  const scopes: Scope[] = [new Map()];
  const out: string[] = [];
  const lines: string[] = [];
  const lookup = (n: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const s = scopes[i] as Scope;
      if (s.has(n)) return s;
    }
    return undefined;
  };
  const visible = () => NAMES.filter((n) => lookup(n));
  const expr = (avoid?: string): [string, number] => {
    const vars = visible().filter((v) => v !== avoid);
    const atom = (): [string, number] => {
      if (vars.length && r.bool(0.6)) {
        const v = r.pick(vars);
        return [v, lookup(v)?.get(v) as number];
      }
      const n = r.int(0, 9);
      return [String(n), n];
    };
    // term (+|- term)*, where a term is an atom or atom * atom: precedence as Lox has it
    const term = (): [string, number] => {
      const [s1, v1] = atom();
      if (!r.bool(0.3)) return [s1, v1];
      const [s2, v2] = atom();
      return [`${s1} * ${s2}`, v1 * v2];
    };
    let [src, val] = term();
    for (let k = r.int(0, 2); k > 0; k--) {
      const [s2, v2] = term();
      const plus = r.bool();
      const next = plus ? val + v2 : val - v2;
      if (Math.abs(next) > 1e6) break;
      src = `${src} ${plus ? "+" : "-"} ${s2}`;
      val = next;
    }
    return [src, val];
  };
  const indent = () => "  ".repeat(scopes.length - 1);
  const statements = (count: number) => {
    for (let i = 0; i < count; i++) {
      const k = r.int(0, 9);
      const local = scopes.length > 1;
      const scope = scopes[scopes.length - 1] as Scope;
      if (k < 3) {
        const free = NAMES.filter((n) => !local || !scope.has(n));
        if (!free.length) continue;
        const v = r.pick(free);
        const [src, val] = expr(local ? v : undefined);
        lines.push(`${indent()}var ${v} = ${src};`);
        scope.set(v, val);
      } else if (k < 5 && visible().length) {
        const v = r.pick(visible());
        const [src, val] = expr();
        if (r.bool(0.3)) {
          lines.push(`${indent()}print ${v} = ${src};`);
          out.push(formatNumber(val));
        } else lines.push(`${indent()}${v} = ${src};`);
        lookup(v)?.set(v, val);
      } else if (k < 8) {
        const [src, val] = expr();
        lines.push(`${indent()}print ${src};`);
        out.push(formatNumber(val));
      } else if (scopes.length < 4) {
        lines.push(`${indent()}{`);
        scopes.push(new Map());
        statements(r.int(1, 5));
        scopes.pop();
        lines.push(`${indent()}}`);
      }
    }
  };
  statements(r.int(4, 12));
  const v = r.pick(NAMES);
  lines.push(`var ${v}_done = "done";`, `print ${v}_done;`);
  out.push("done");
  return { name, src: `${lines.join("\n")}\n`, out: `${out.join("\n")}\n` };
}

type Lit = number | string | boolean | null;
type Logic = { lit: Lit } | { op: "and" | "or"; left: Logic; right: Logic };

const truthy = (v: Lit) => v !== null && v !== false;
const showLit = (v: Lit) => (v === null ? "nil" : typeof v === "string" ? `"${v}"` : String(v));
const printed = (v: Lit) => (v === null ? "nil" : typeof v === "number" ? formatNumber(v) : String(v));

function logicTree(r: Random, depth: number): Logic {
  if (depth === 0 || r.bool(0.3)) return { lit: r.pick<Lit>([null, true, false, 0, 1, 7, "", "yes", "no"]) };
  return { op: r.bool() ? "and" : "or", left: logicTree(r, depth - 1), right: logicTree(r, depth - 1) };
}

function logicSrc(t: Logic, parent?: "and" | "or"): string {
  if ("lit" in t) return showLit(t.lit);
  const s = `${logicSrc(t.left, t.op)} ${t.op} ${logicSrc(t.right, t.op)}`;
  // "and" binds tighter than "or": an "or" inside an "and" needs parentheses, and a right
  // operand of the same operator too (they associate to the left).
  return parent && (parent === "and" ? t.op === "or" : false) ? `(${s})` : s;
}

function logicEval(t: Logic, trace: string[]): Lit {
  if ("lit" in t) return t.lit;
  const l = logicEval(t.left, trace);
  if (t.op === "or" ? truthy(l) : !truthy(l)) return l;
  return logicEval(t.right, trace);
}

/** and/or over mixed values, printed: the operand that decided is the value. */
export function logicProgram(r: Random, name: string): LoxCase {
  const lines: string[] = [];
  const out: string[] = [];
  for (let i = r.int(3, 6); i > 0; i--) {
    let t = logicTree(r, r.int(1, 3));
    // a right operand of the same operator is written with parentheses: keep trees left-leaning
    const norm = (x: Logic): Logic => {
      if ("lit" in x) return x;
      const right = norm(x.right);
      const left = norm(x.left);
      if (!("lit" in right) && right.op === x.op) return { ...x, left, right: { lit: true } };
      return { ...x, left, right };
    };
    t = norm(t);
    lines.push(`print ${logicSrc(t)};`);
    out.push(printed(logicEval(t, [])));
  }
  return { name, src: `${lines.join("\n")}\n`, out: `${out.join("\n")}\n` };
}

/** Loops with counters and conditions; the expected output is computed by running the same loop here. */
export function loopProgram(r: Random, name: string): LoxCase {
  const k = r.int(0, 2);
  if (k === 0) {
    const a = r.int(0, 5);
    const b = a + r.int(0, 25);
    const step = r.int(1, 4);
    const t = r.int(a, b);
    let sum = 0;
    for (let i = a; i < b; i += step) sum = i > t ? sum + i : sum - 1;
    return {
      name,
      src: `var sum = 0;\nfor (var i = ${a}; i < ${b}; i = i + ${step}) {\n  if (i > ${t}) sum = sum + i;\n  else sum = sum - 1;\n}\nprint sum;\n`,
      out: `${sum}\n`,
    };
  }
  if (k === 1) {
    const a = r.int(0, 9);
    let n = 0;
    for (let i = 0; i < a; i++) for (let j = 0; j < i; j++) n += j;
    return {
      name,
      src: `var i = 0;\nvar n = 0;\nwhile (i < ${a}) {\n  var j = 0;\n  while (j < i) {\n    n = n + j;\n    j = j + 1;\n  }\n  i = i + 1;\n}\nprint n;\n`,
      out: `${n}\n`,
    };
  }
  const limit = r.int(1, 60);
  const out: string[] = [];
  let x = 1;
  let y = 1;
  while (x < limit) {
    out.push(String(x));
    const t = x + y;
    x = y;
    y = t;
  }
  return {
    name,
    src: `var x = 1;\nvar y = 1;\nwhile (x < ${limit}) {\n  print x;\n  var t = x + y;\n  x = y;\n  y = t;\n}\n`,
    out: out.length ? `${out.join("\n")}\n` : "",
  };
}
