// The reference VM's single-pass compiler: Lox source to bytecode in one read, the same design
// as the track's C reference (a Pratt parser that resolves locals and upvalues as it goes).
// It serves as the performance stage's baseline, so it assumes a valid program and throws on
// the first error.
import { Fn, Op } from "./values.ts";

type T =
  | "("
  | ")"
  | "{"
  | "}"
  | ","
  | "."
  | "-"
  | "+"
  | ";"
  | "/"
  | "*"
  | "!"
  | "!="
  | "="
  | "=="
  | ">"
  | ">="
  | "<"
  | "<="
  | "|>"
  | "ident"
  | "string"
  | "number"
  | "and"
  | "class"
  | "else"
  | "false"
  | "for"
  | "fun"
  | "if"
  | "nil"
  | "or"
  | "print"
  | "return"
  | "super"
  | "this"
  | "true"
  | "var"
  | "while"
  | "eof";

interface Token {
  t: T;
  text: string;
  line: number;
}

const KEYWORDS = new Set([
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
]);

function scan(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  const isAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
  while (i < src.length) {
    const c = src[i] as string;
    const start = i++;
    if (c === "\n") line++;
    else if (c === " " || c === "\t" || c === "\r") continue;
    else if (c === "/" && src[i] === "/") while (i < src.length && src[i] !== "\n") i++;
    else if (c === '"') {
      const first = line;
      while (i < src.length && src[i] !== '"') if (src[i++] === "\n") line++;
      if (i >= src.length) throw new Error(`[line ${line}] Error: Unterminated string.`);
      i++;
      out.push({ t: "string", text: src.slice(start + 1, i - 1), line: first });
    } else if (isDigit(c)) {
      while (isDigit(src[i])) i++;
      if (src[i] === "." && isDigit(src[i + 1])) {
        i++;
        while (isDigit(src[i])) i++;
      }
      out.push({ t: "number", text: src.slice(start, i), line });
    } else if (isAlpha(c)) {
      while (isAlpha(src[i]) || isDigit(src[i])) i++;
      const w = src.slice(start, i);
      out.push({ t: KEYWORDS.has(w) ? (w as T) : "ident", text: w, line });
    } else {
      const two = src.slice(start, start + 2);
      if (["!=", "==", "<=", ">=", "|>"].includes(two)) {
        i++;
        out.push({ t: two as T, text: two, line });
      } else if ("(){},.-+;/*!=<>".includes(c)) out.push({ t: c as T, text: c, line });
      else throw new Error(`[line ${line}] Error: Unexpected character.`);
    }
  }
  out.push({ t: "eof", text: "", line });
  return out;
}

const P = {
  none: 0,
  assign: 1,
  pipe: 2,
  or: 3,
  and: 4,
  equality: 5,
  comparison: 6,
  term: 7,
  factor: 8,
  unary: 9,
  call: 10,
};

interface Local {
  name: string;
  depth: number;
  captured: boolean;
}

interface FnState {
  enclosing: FnState | null;
  fn: Fn;
  kind: "function" | "method" | "init" | "script";
  locals: Local[];
  upvalues: Array<{ index: number; local: boolean }>;
  depth: number;
}

export function compile(src: string): Fn {
  const tokens = scan(src);
  let pos = 0;
  let prev: Token = tokens[0] as Token;
  let cur: Token = tokens[0] as Token;
  let fs = undefined as unknown as FnState;
  let klass: { enclosing: unknown; hasSuper: boolean } | null = null;

  const fail = (tok: Token, msg: string): never => {
    throw new Error(`[line ${tok.line}] Error ${tok.t === "eof" ? "at end" : `at '${tok.text}'`}: ${msg}`);
  };
  const advance = () => {
    prev = cur;
    cur = tokens[Math.min(++pos, tokens.length - 1)] as Token;
  };
  const check = (t: T) => cur.t === t;
  const match = (t: T) => {
    if (!check(t)) return false;
    advance();
    return true;
  };
  const consume = (t: T, msg: string) => (check(t) ? advance() : fail(cur, msg));
  const code = () => fs.fn.code;
  const emit = (b: number, line = prev.line) => {
    fs.fn.code.push(b);
    fs.fn.lines.push(line);
  };
  const emitAll = (...bytes: number[]) => {
    for (const b of bytes) emit(b);
  };
  const constant = (v: unknown) => {
    const k = fs.fn.constants;
    let i = k.indexOf(v);
    if (i < 0 || typeof v === "object") {
      k.push(v);
      i = k.length - 1;
    }
    return i;
  };
  const emitJump = (op: number) => {
    emit(op);
    emit(0);
    return code().length - 1;
  };
  const patch = (at: number) => {
    code()[at] = code().length - at - 1;
  };
  const emitLoop = (start: number) => {
    emit(Op.Loop);
    emit(code().length - start + 1);
  };
  const emitReturn = () => {
    if (fs.kind === "init") emitAll(Op.GetLocal, 0);
    else emit(Op.Nil);
    emit(Op.Return);
  };
  const begin = (kind: FnState["kind"], name: string) => {
    fs = {
      enclosing: (fs as FnState | undefined) ?? null,
      fn: new Fn(name),
      kind,
      locals: [{ name: kind === "function" || kind === "script" ? "" : "this", depth: 0, captured: false }],
      upvalues: [],
      depth: 0,
    };
  };
  const end = () => {
    emitReturn();
    const f = fs.fn;
    f.upvalueCount = fs.upvalues.length;
    const ups = fs.upvalues;
    fs = fs.enclosing as FnState;
    return { f, ups };
  };
  const endScope = () => {
    fs.depth--;
    while (fs.locals.length && (fs.locals[fs.locals.length - 1] as Local).depth > fs.depth) {
      emit((fs.locals.pop() as Local).captured ? Op.CloseUpvalue : Op.Pop);
    }
  };
  const resolveLocal = (s: FnState, name: string) => {
    for (let i = s.locals.length - 1; i >= 0; i--) if ((s.locals[i] as Local).name === name) return i;
    return -1;
  };
  const addUpvalue = (s: FnState, index: number, local: boolean) => {
    const i = s.upvalues.findIndex((u) => u.index === index && u.local === local);
    if (i >= 0) return i;
    s.upvalues.push({ index, local });
    return s.upvalues.length - 1;
  };
  const resolveUpvalue = (s: FnState, name: string): number => {
    if (!s.enclosing) return -1;
    const l = resolveLocal(s.enclosing, name);
    if (l >= 0) {
      (s.enclosing.locals[l] as Local).captured = true;
      return addUpvalue(s, l, true);
    }
    const u = resolveUpvalue(s.enclosing, name);
    return u >= 0 ? addUpvalue(s, u, false) : -1;
  };
  const declare = (name: string) => {
    if (fs.depth === 0) return;
    fs.locals.push({ name, depth: -1, captured: false });
  };
  const markInit = () => {
    if (fs.depth > 0) (fs.locals[fs.locals.length - 1] as Local).depth = fs.depth;
  };
  const define = (global: number) => {
    if (fs.depth > 0) markInit();
    else emitAll(Op.DefineGlobal, global);
  };
  const parseVar = (msg: string) => {
    consume("ident", msg);
    declare(prev.text);
    return fs.depth > 0 ? 0 : constant(prev.text);
  };
  const named = (name: string, canAssign: boolean, line = prev.line) => {
    let get: number;
    let set: number;
    const local = resolveLocal(fs, name);
    const up = local >= 0 ? -1 : resolveUpvalue(fs, name);
    let arg: number;
    if (local >= 0) [arg, get, set] = [local, Op.GetLocal, Op.SetLocal];
    else if (up >= 0) [arg, get, set] = [up, Op.GetUpvalue, Op.SetUpvalue];
    else [arg, get, set] = [constant(name), Op.GetGlobal, Op.SetGlobal];
    if (canAssign && match("=")) {
      expression();
      emit(set, line);
    } else emit(get, line);
    emit(arg, line);
  };
  const args = () => {
    let n = 0;
    if (!check(")")) {
      do {
        expression();
        n++;
      } while (match(","));
    }
    consume(")", "Expect ')' after arguments.");
    return n;
  };

  type Rule = [((c: boolean) => void) | null, ((c: boolean) => void) | null, number];
  const binary = () => {
    const op = prev.t;
    const line = prev.line;
    precedence((rules[op] as Rule)[2] + 1);
    const ops: Record<string, number[]> = {
      "+": [Op.Add],
      "-": [Op.Subtract],
      "*": [Op.Multiply],
      "/": [Op.Divide],
      "==": [Op.Equal],
      "!=": [Op.Equal, Op.Not],
      "<": [Op.Less],
      "<=": [Op.Greater, Op.Not],
      ">": [Op.Greater],
      ">=": [Op.Less, Op.Not],
    };
    for (const o of ops[op] as number[]) emit(o, line);
  };
  const rules: Partial<Record<T, Rule>> = {
    "(": [
      () => {
        expression();
        consume(")", "Expect ')' after expression.");
      },
      () => {
        const n = args();
        emit(Op.Call);
        emit(n);
      },
      P.call,
    ],
    ".": [
      null,
      (canAssign) => {
        consume("ident", "Expect property name after '.'.");
        const name = constant(prev.text);
        if (canAssign && match("=")) {
          expression();
          emit(Op.SetProperty);
          emit(name);
        } else if (match("(")) {
          const n = args();
          emit(Op.Invoke);
          emit(name);
          emit(n);
        } else emitAll(Op.GetProperty, name);
      },
      P.call,
    ],
    "-": [
      () => {
        const line = prev.line;
        precedence(P.unary);
        emit(Op.Negate, line);
      },
      binary,
      P.term,
    ],
    "+": [null, binary, P.term],
    "/": [null, binary, P.factor],
    "*": [null, binary, P.factor],
    "!": [
      () => {
        const line = prev.line;
        precedence(P.unary);
        emit(Op.Not, line);
      },
      null,
      P.none,
    ],
    "!=": [null, binary, P.equality],
    "==": [null, binary, P.equality],
    ">": [null, binary, P.comparison],
    ">=": [null, binary, P.comparison],
    "<": [null, binary, P.comparison],
    "<=": [null, binary, P.comparison],
    "|>": [
      null,
      () => {
        precedence(P.or);
        emit(Op.Swap);
        emit(Op.Call);
        emit(1);
      },
      P.pipe,
    ],
    ident: [(c) => named(prev.text, c), null, P.none],
    string: [() => emitAll(Op.Constant, constant(prev.text)), null, P.none],
    number: [() => emitAll(Op.Constant, constant(Number(prev.text))), null, P.none],
    and: [
      null,
      () => {
        const j = emitJump(Op.JumpIfFalse);
        emit(Op.Pop);
        precedence(P.and);
        patch(j);
      },
      P.and,
    ],
    or: [
      null,
      () => {
        const elseJ = emitJump(Op.JumpIfFalse);
        const endJ = emitJump(Op.Jump);
        patch(elseJ);
        emit(Op.Pop);
        precedence(P.or);
        patch(endJ);
      },
      P.or,
    ],
    false: [() => emit(Op.False), null, P.none],
    true: [() => emit(Op.True), null, P.none],
    nil: [() => emit(Op.Nil), null, P.none],
    this: [
      () => {
        if (!klass) fail(prev, "Can't use 'this' outside of a class.");
        named("this", false);
      },
      null,
      P.none,
    ],
    super: [
      () => {
        consume(".", "Expect '.' after 'super'.");
        consume("ident", "Expect superclass method name.");
        const name = constant(prev.text);
        named("this", false);
        if (match("(")) {
          const n = args();
          named("super", false);
          emit(Op.SuperInvoke);
          emit(name);
          emit(n);
        } else {
          named("super", false);
          emit(Op.GetSuper);
          emit(name);
        }
      },
      null,
      P.none,
    ],
  };

  function precedence(p: number) {
    advance();
    const prefix = rules[prev.t]?.[0];
    if (!prefix) fail(prev, "Expect expression.");
    const canAssign = p <= P.assign;
    (prefix as (c: boolean) => void)(canAssign);
    while (p <= (rules[cur.t]?.[2] ?? 0)) {
      advance();
      const infix = rules[prev.t]?.[1] as (c: boolean) => void;
      infix(canAssign);
    }
    if (canAssign && match("=")) fail(prev, "Invalid assignment target.");
  }
  function expression() {
    precedence(P.assign);
  }

  function block() {
    while (!check("}") && !check("eof")) declaration();
    consume("}", "Expect '}' after block.");
  }
  function fnBody(kind: FnState["kind"]) {
    begin(kind, prev.text);
    fs.depth++;
    consume("(", "Expect '(' after function name.");
    if (!check(")")) {
      do {
        fs.fn.arity++;
        define(parseVar("Expect parameter name."));
      } while (match(","));
    }
    consume(")", "Expect ')' after parameters.");
    consume("{", "Expect '{' before function body.");
    block();
    const { f, ups } = end();
    emit(Op.Closure);
    emit(constant(f));
    for (const u of ups) emitAll(u.local ? 1 : 0, u.index);
  }
  function declaration() {
    if (match("class")) {
      consume("ident", "Expect class name.");
      const name = prev.text;
      const k = constant(name);
      declare(name);
      emit(Op.Class);
      emit(k);
      define(k);
      const cc = { enclosing: klass, hasSuper: false };
      klass = cc;
      if (match("<")) {
        consume("ident", "Expect superclass name.");
        named(prev.text, false);
        fs.depth++;
        declare("super");
        define(0);
        named(name, false);
        emit(Op.Inherit);
        cc.hasSuper = true;
      }
      named(name, false);
      consume("{", "Expect '{' before class body.");
      while (!check("}") && !check("eof")) {
        consume("ident", "Expect method name.");
        const m = constant(prev.text);
        fnBody(prev.text === "init" ? "init" : "method");
        emit(Op.Method);
        emit(m);
      }
      consume("}", "Expect '}' after class body.");
      emit(Op.Pop);
      if (cc.hasSuper) endScope();
      klass = cc.enclosing as typeof klass;
    } else if (match("fun")) {
      const g = parseVar("Expect function name.");
      markInit();
      fnBody("function");
      define(g);
    } else if (match("var")) {
      const g = parseVar("Expect variable name.");
      if (match("=")) expression();
      else emit(Op.Nil);
      consume(";", "Expect ';' after variable declaration.");
      define(g);
    } else statement();
  }
  function statement() {
    if (match("print")) {
      expression();
      consume(";", "Expect ';' after value.");
      emit(Op.Print);
    } else if (match("if")) {
      consume("(", "Expect '(' after 'if'.");
      expression();
      consume(")", "Expect ')' after if condition.");
      const thenJ = emitJump(Op.JumpIfFalse);
      emit(Op.Pop);
      statement();
      const elseJ = emitJump(Op.Jump);
      patch(thenJ);
      emit(Op.Pop);
      if (match("else")) statement();
      patch(elseJ);
    } else if (match("while")) {
      const start = code().length;
      consume("(", "Expect '(' after 'while'.");
      expression();
      consume(")", "Expect ')' after condition.");
      const exit = emitJump(Op.JumpIfFalse);
      emit(Op.Pop);
      statement();
      emitLoop(start);
      patch(exit);
      emit(Op.Pop);
    } else if (match("for")) {
      fs.depth++;
      consume("(", "Expect '(' after 'for'.");
      if (match(";")) {
        // no initializer
      } else if (check("var")) declaration();
      else {
        expression();
        consume(";", "Expect ';' after expression.");
        emit(Op.Pop);
      }
      let start = code().length;
      let exit = -1;
      if (!match(";")) {
        expression();
        consume(";", "Expect ';' after loop condition.");
        exit = emitJump(Op.JumpIfFalse);
        emit(Op.Pop);
      }
      if (!match(")")) {
        const bodyJ = emitJump(Op.Jump);
        const incr = code().length;
        expression();
        emit(Op.Pop);
        consume(")", "Expect ')' after for clauses.");
        emitLoop(start);
        start = incr;
        patch(bodyJ);
      }
      statement();
      emitLoop(start);
      if (exit >= 0) {
        patch(exit);
        emit(Op.Pop);
      }
      endScope();
    } else if (match("return")) {
      if (fs.kind === "script") fail(prev, "Can't return from top-level code.");
      if (match(";")) emitReturn();
      else {
        expression();
        consume(";", "Expect ';' after return value.");
        emit(Op.Return);
      }
    } else if (match("{")) {
      fs.depth++;
      block();
      endScope();
    } else {
      expression();
      consume(";", "Expect ';' after expression.");
      emit(Op.Pop);
    }
  }

  begin("script", "script");
  while (!match("eof")) declaration();
  return end().f;
}
