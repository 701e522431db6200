// The harness's own small Lox: the scanner, and expressions as trees that print the way
// `parse` prints them and evaluate the way `evaluate` does. Generated test programs get their
// expected output from here, so a seed always yields the same programs and answers.

export type TokenKind =
  | "LEFT_PAREN"
  | "RIGHT_PAREN"
  | "LEFT_BRACE"
  | "RIGHT_BRACE"
  | "COMMA"
  | "DOT"
  | "MINUS"
  | "PLUS"
  | "SEMICOLON"
  | "SLASH"
  | "STAR"
  | "BANG"
  | "BANG_EQUAL"
  | "EQUAL"
  | "EQUAL_EQUAL"
  | "GREATER"
  | "GREATER_EQUAL"
  | "LESS"
  | "LESS_EQUAL"
  | "IDENTIFIER"
  | "STRING"
  | "NUMBER"
  | "EOF"
  | Uppercase<Keyword>;

export const KEYWORDS = [
  "and",
  "class",
  "else",
  "false",
  "for",
  "fun",
  "if",
  "nil",
  "or",
  "print",
  "return",
  "super",
  "this",
  "true",
  "var",
  "while",
] as const;
type Keyword = (typeof KEYWORDS)[number];

const SINGLE: Record<string, TokenKind> = {
  "(": "LEFT_PAREN",
  ")": "RIGHT_PAREN",
  "{": "LEFT_BRACE",
  "}": "RIGHT_BRACE",
  ",": "COMMA",
  ".": "DOT",
  "-": "MINUS",
  "+": "PLUS",
  ";": "SEMICOLON",
  "*": "STAR",
  "/": "SLASH",
};
const DOUBLE: Record<string, [TokenKind, TokenKind]> = {
  "!": ["BANG", "BANG_EQUAL"],
  "=": ["EQUAL", "EQUAL_EQUAL"],
  "<": ["LESS", "LESS_EQUAL"],
  ">": ["GREATER", "GREATER_EQUAL"],
};

/** A number as `print` shows it: integers without a fraction, others as the shortest decimal. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Object.is(n, -0)) return "-0";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return n.toFixed(0);
  return String(n);
}

/** A number as `tokenize` and `parse` show it: always with a fraction (`1.0`, `2.5`). */
export function formatLiteral(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n.toFixed(0)}.0`;
  return String(n);
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isAlpha = (c: string | undefined) =>
  c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_");

/** What `tokenize` prints for a source: stdout lines, stderr lines, and the exit code. */
export function tokenize(src: string): { stdout: string; errors: string[] } {
  const out: string[] = [];
  const errors: string[] = [];
  let line = 1;
  let i = 0;
  const emit = (kind: TokenKind, lexeme: string, literal: string, at = line) =>
    out.push(`${at} ${kind} ${lexeme} ${literal}`);
  while (i < src.length) {
    const start = i;
    const c = src[i++] as string;
    if (c === "/" && src[i] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (SINGLE[c]) emit(SINGLE[c], c, "null");
    else if (DOUBLE[c]) {
      const [one, two] = DOUBLE[c];
      if (src[i] === "=") {
        i++;
        emit(two, `${c}=`, "null");
      } else emit(one, c, "null");
    } else if (c === "\n") line++;
    else if (c === " " || c === "\t" || c === "\r") {
      // whitespace
    } else if (c === '"') {
      const first = line;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\n") line++;
        i++;
      }
      if (i >= src.length) errors.push(`[line ${line}] Error: Unterminated string.`);
      else {
        i++;
        emit("STRING", src.slice(start, i), src.slice(start + 1, i - 1), first);
      }
    } else if (isDigit(c)) {
      while (isDigit(src[i])) i++;
      if (src[i] === "." && isDigit(src[i + 1])) {
        i++;
        while (isDigit(src[i])) i++;
      }
      const text = src.slice(start, i);
      emit("NUMBER", text, formatLiteral(Number(text)));
    } else if (isAlpha(c)) {
      while (isAlpha(src[i]) || isDigit(src[i])) i++;
      const word = src.slice(start, i);
      const kind = (KEYWORDS as readonly string[]).includes(word) ? (word.toUpperCase() as TokenKind) : "IDENTIFIER";
      emit(kind, word, "null");
    } else errors.push(`[line ${line}] Error: Unexpected character.`);
  }
  emit("EOF", "", "null");
  return { stdout: `${out.join("\n")}\n`, errors };
}

// ---- expressions ----------------------------------------------------------------------

export type Value = number | string | boolean | null;

export type Expr =
  | { kind: "literal"; value: Value; text?: string }
  | { kind: "group"; expr: Expr }
  | { kind: "unary"; op: "-" | "!"; right: Expr; line: number }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr; line: number };

export type BinaryOp = "+" | "-" | "*" | "/" | "==" | "!=" | "<" | "<=" | ">" | ">=";

export const PRECEDENCE: Record<BinaryOp, number> = {
  "==": 1,
  "!=": 1,
  "<": 2,
  "<=": 2,
  ">": 2,
  ">=": 2,
  "+": 3,
  "-": 3,
  "*": 4,
  "/": 4,
};

/** The parenthesised prefix form `parse` prints. */
export function showTree(e: Expr): string {
  switch (e.kind) {
    case "literal":
      if (e.value === null) return "nil";
      if (typeof e.value === "number") return formatLiteral(e.value);
      return String(e.value);
    case "group":
      return `(group ${showTree(e.expr)})`;
    case "unary":
      return `(${e.op} ${showTree(e.right)})`;
    case "binary":
      return `(${e.op} ${showTree(e.left)} ${showTree(e.right)})`;
  }
}

/** A value as `print` and `evaluate` show it. */
export function showValue(v: Value): string {
  if (v === null) return "nil";
  if (typeof v === "number") return formatNumber(v);
  return String(v);
}

export class LoxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const truthy = (v: Value) => v !== null && v !== false;

/** Evaluates a tree left to right; a type error throws LoxError with the operator's line. */
export function evaluate(e: Expr): Value {
  switch (e.kind) {
    case "literal":
      return e.value;
    case "group":
      return evaluate(e.expr);
    case "unary": {
      const r = evaluate(e.right);
      if (e.op === "!") return !truthy(r);
      if (typeof r !== "number") throw new LoxError("Operand must be a number.", e.line);
      return -r;
    }
    case "binary": {
      const a = evaluate(e.left);
      const b = evaluate(e.right);
      if (e.op === "==") return a === b;
      if (e.op === "!=") return a !== b;
      if (e.op === "+") {
        if (typeof a === "number" && typeof b === "number") return a + b;
        if (typeof a === "string" && typeof b === "string") return a + b;
        throw new LoxError("Operands must be two numbers or two strings.", e.line);
      }
      if (typeof a !== "number" || typeof b !== "number") throw new LoxError("Operands must be numbers.", e.line);
      switch (e.op) {
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return a / b;
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        default:
          return a >= b;
      }
    }
  }
}

/** Every subtree, smallest last is not guaranteed: used to shrink a failing program. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case "literal":
      return [];
    case "group":
      return [e.expr];
    case "unary":
      return [e.right];
    case "binary":
      return [e.left, e.right];
  }
}
