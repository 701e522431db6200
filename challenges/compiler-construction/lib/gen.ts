// Seeded generators: token soup for tokenize, expression trees for parse and evaluate. Each
// generated tree is rendered to source (with line breaks here and there), and its expected
// output comes from lox-ref.ts.
import type { Random } from "@bsod/harness";
import { type BinaryOp, children, type Expr, evaluate, KEYWORDS, LoxError, PRECEDENCE, type Value } from "./lox-ref.ts";

export interface TreeOptions {
  /** Probability that a subtree has a random type instead of the one its operator needs. */
  mixed: number;
  depth: number;
  /** Types of the whole expression to draw from. */
  kinds?: Kind[];
}

type Kind = "num" | "str" | "bool";

function numLeaf(r: Random): Expr {
  if (r.bool(0.25)) {
    const text = `${r.int(0, 99)}.${r.pick(["5", "25", "75", "125", "1", "2"])}`;
    return { kind: "literal", value: Number(text), text };
  }
  const n = r.int(0, r.bool(0.2) ? 999 : 20);
  return { kind: "literal", value: n, text: String(n) };
}

function strLeaf(r: Random): Expr {
  const s = r.bool(0.3) ? `${r.word()} ${r.word()}` : r.bool(0.1) ? "" : r.word();
  return { kind: "literal", value: s };
}

function boolLeaf(r: Random): Expr {
  return { kind: "literal", value: r.bool(0.2) ? null : r.bool() };
}

const leafOf = (r: Random, kind: Kind) => (kind === "num" ? numLeaf(r) : kind === "str" ? strLeaf(r) : boolLeaf(r));

/** A tree of the wanted type; with probability opts.mixed a child has the wrong type. */
function raw(r: Random, depth: number, opts: TreeOptions, want: Kind): Expr {
  let kind = want;
  if (r.bool(opts.mixed)) kind = r.pick(["num", "str", "bool"] as const);
  if (depth <= 0 || r.bool(0.15)) return leafOf(r, kind);
  const sub = (k: Kind) => raw(r, depth - 1, opts, k);
  const bin = (op: BinaryOp, a: Kind, b: Kind): Expr => ({ kind: "binary", op, left: sub(a), right: sub(b), line: 0 });
  if (kind === "num") {
    if (r.bool(0.15)) return { kind: "unary", op: "-", right: sub("num"), line: 0 };
    return bin(r.pick(["+", "-", "*", "/", "+", "-", "*"] as const), "num", "num");
  }
  if (kind === "str") return bin("+", "str", "str");
  const k = r.int(0, 9);
  if (k < 2) return { kind: "unary", op: "!", right: sub(r.pick(["num", "str", "bool"] as const)), line: 0 };
  if (k < 6) return bin(r.pick(["<", "<=", ">", ">="] as const), "num", "num");
  const side = r.pick(["num", "str", "bool"] as const);
  return bin(r.pick(["==", "!="] as const), side, r.bool(0.7) ? side : r.pick(["num", "str", "bool"] as const));
}

/** Adds the groups the source text needs to parse back into this very tree (and a few more). */
function fix(r: Random, e: Expr): Expr {
  const group = (x: Expr): Expr => ({ kind: "group", expr: x });
  switch (e.kind) {
    case "literal":
      return r.bool(0.05) ? group(e) : e;
    case "group":
      return { ...e, expr: fix(r, e.expr) };
    case "unary": {
      let right = fix(r, e.right);
      if (right.kind === "binary") right = group(right);
      return { ...e, right };
    }
    case "binary": {
      const p = PRECEDENCE[e.op];
      let left = fix(r, e.left);
      let right = fix(r, e.right);
      if ((left.kind === "binary" && PRECEDENCE[left.op] < p) || (left.kind === "binary" && r.bool(0.1)))
        left = group(left);
      if (right.kind === "binary" && PRECEDENCE[right.op] <= p) right = group(right);
      const out: Expr = { ...e, left, right };
      return r.bool(0.05) ? group(out) : out;
    }
  }
}

/** Source text for a tree; sets each operator's line as the text is laid out. */
export function render(e: Expr, r: Random, breakChance = 0.08): string {
  let line = 1;
  const gap = () => {
    if (r.bool(breakChance)) {
      line++;
      return "\n";
    }
    return " ";
  };
  const go = (x: Expr): string => {
    switch (x.kind) {
      case "literal":
        if (typeof x.value === "number") return x.text ?? String(x.value);
        if (typeof x.value === "string") return `"${x.value}"`;
        return x.value === null ? "nil" : String(x.value);
      case "group":
        return `(${go(x.expr)})`;
      case "unary": {
        x.line = line;
        return `${x.op}${go(x.right)}`;
      }
      case "binary": {
        const left = go(x.left);
        const g1 = gap();
        x.line = line;
        const g2 = gap();
        return `${left}${g1}${x.op}${g2}${go(x.right)}`;
      }
    }
  };
  return go(e);
}

/** Numbers stay where every language prints them the same way (no exponents, no -0, no inf). */
function tame(e: Expr): boolean {
  const walk = (x: Expr): boolean => {
    let v: Value;
    try {
      v = evaluate(x);
    } catch (err) {
      if (!(err instanceof LoxError)) throw err;
      return children(x).every(walk);
    }
    if (typeof v === "number") {
      if (!Number.isFinite(v) || Object.is(v, -0)) return false;
      const a = Math.abs(v);
      if (a !== 0 && (a < 1e-4 || a >= 1e15)) return false;
    }
    return children(x).every(walk);
  };
  return walk(e);
}

export interface GeneratedExpr {
  tree: Expr;
  src: string;
}

/** A random expression that parses back into its tree and evaluates without surprises. */
export function generateExpr(r: Random, opts: TreeOptions, breakChance = 0.08): GeneratedExpr {
  for (;;) {
    const tree = fix(r, raw(r, opts.depth, opts, r.pick(opts.kinds ?? ["num", "num", "str", "bool"])));
    if (!tame(tree)) continue;
    const src = render(tree, r, breakChance);
    return { tree, src };
  }
}

/** Re-renders a subtree on its own (its lines restart at 1). */
export function renderAgain(e: Expr, r: Random): string {
  return render(e, r, 0);
}

const SOUP = [
  "(",
  ")",
  "{",
  "}",
  ",",
  ".",
  "-",
  "+",
  ";",
  "*",
  "/",
  "!",
  "!=",
  "=",
  "==",
  "<",
  "<=",
  ">",
  ">=",
  ...KEYWORDS,
];

/** Random token soup: every kind of token, comments, blank lines, now and then a bad character. */
export function tokenSoup(r: Random, count: number, bad: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = r.int(0, 9);
    let t: string;
    if (k < 4) t = r.pick(SOUP);
    else if (k < 6)
      t = r.pick([
        r.word(),
        `${r.word()}_${r.int(0, 9)}`,
        `_${r.word()}`,
        r.word().toUpperCase(),
        `${r.pick(SOUP.slice(19))}x`,
      ]);
    else if (k < 8) t = r.pick([String(r.int(0, 9999)), `${r.int(0, 99)}.${r.int(0, 999)}`, `${r.int(1, 9)}.50`, "0"]);
    else if (k < 9) t = `"${r.pick(["", r.word(), `${r.word()} ${r.word()}`, `${r.word()}\n${r.word()}`])}"`;
    else t = r.bool(0.5) ? `// ${r.words(2).join(" ")}\n` : "\n";
    if (bad && r.bool(0.06)) t = r.pick(["@", "#", "$", "%", "^", "&", "~", "`", "?", ":", "'"]);
    parts.push(t);
    // tokens that must be kept apart
    parts.push(r.bool(0.15) ? "\n" : r.bool(0.2) ? "\t" : " ");
  }
  return parts.join("");
}
