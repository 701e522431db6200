// The reference VM: the performance stage runs its benchmarks here, in the harness's own
// process, and measures its CPU time as the baseline of the ratio.
import { formatNumber } from "../lox-ref.ts";
import { compile } from "./compiler.ts";
import { Bound, Closure, type Fn, Instance, Klass, Native, Op, Upvalue } from "./values.ts";

export class LoxRuntimeError extends Error {
  constructor(
    message: string,
    /** What the program printed before the error. */
    readonly output: string,
  ) {
    super(message);
  }
}

function show(v: unknown): string {
  if (v === null) return "nil";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  if (v instanceof Closure) return `<fn ${v.fn.name}>`;
  if (v instanceof Bound) return `<fn ${v.method.fn.name}>`;
  if (v instanceof Native) return "<native fn>";
  if (v instanceof Klass) return v.name;
  if (v instanceof Instance) return `${v.klass.name} instance`;
  return String(v);
}

const falsey = (v: unknown) => v === null || v === false;

/** Runs a program; returns what it printed. Throws LoxRuntimeError (message and line) on a runtime error. */
export function runProgram(src: string): string {
  const script = compile(src);
  const out: string[] = [];
  const stack: unknown[] = [];
  const globals = new Map<string, unknown>();
  globals.set("clock", new Native(0, () => Date.now() / 1000));
  let open: Upvalue[] = [];
  interface Frame {
    closure: Closure;
    fn: Fn;
    ip: number;
    base: number;
  }
  const frames: Frame[] = [];
  let frame: Frame;

  const error = (msg: string): never => {
    throw new LoxRuntimeError(
      `${msg}\n[line ${frame.fn.lines[frame.ip - 1]}]`,
      out.length ? `${out.join("\n")}\n` : "",
    );
  };
  const callClosure = (c: Closure, argc: number) => {
    if (argc !== c.fn.arity) error(`Expected ${c.fn.arity} arguments but got ${argc}.`);
    if (frames.length >= 1024) error("Stack overflow.");
    frames.push({ closure: c, fn: c.fn, ip: 0, base: stack.length - argc - 1 });
  };
  const callValue = (callee: unknown, argc: number) => {
    if (callee instanceof Closure) return callClosure(callee, argc);
    if (callee instanceof Bound) {
      stack[stack.length - argc - 1] = callee.receiver;
      return callClosure(callee.method, argc);
    }
    if (callee instanceof Klass) {
      stack[stack.length - argc - 1] = new Instance(callee);
      if (callee.init) return callClosure(callee.init, argc);
      if (argc !== 0) error(`Expected 0 arguments but got ${argc}.`);
      return;
    }
    if (callee instanceof Native) {
      if (argc !== callee.arity) error(`Expected ${callee.arity} arguments but got ${argc}.`);
      const r = callee.call(stack.slice(stack.length - argc));
      stack.length -= argc + 1;
      stack.push(r);
      return;
    }
    error("Can only call functions and classes.");
  };
  const capture = (index: number) => {
    for (const u of open) if (u.index === index) return u;
    const u = new Upvalue(index);
    open.push(u);
    return u;
  };
  const closeFrom = (from: number) => {
    const keep: Upvalue[] = [];
    for (const u of open) {
      if (u.index >= from) {
        u.closed = stack[u.index];
        u.open = false;
      } else keep.push(u);
    }
    open = keep;
  };
  const bind = (k: Klass, name: string) => {
    const m = k.methods.get(name);
    if (!m) error(`Undefined property '${name}'.`);
    stack[stack.length - 1] = new Bound(stack[stack.length - 1], m as Closure);
  };

  const top = new Closure(script);
  stack.push(top);
  callClosure(top, 0);
  frame = frames[0] as Frame;
  let code = frame.fn.code;
  let consts = frame.fn.constants;
  const reload = () => {
    frame = frames[frames.length - 1] as Frame;
    code = frame.fn.code;
    consts = frame.fn.constants;
  };
  for (;;) {
    const op = code[frame.ip++] as number;
    switch (op) {
      case Op.Constant:
        stack.push(consts[code[frame.ip++] as number]);
        break;
      case Op.Nil:
        stack.push(null);
        break;
      case Op.True:
        stack.push(true);
        break;
      case Op.False:
        stack.push(false);
        break;
      case Op.Pop:
        stack.pop();
        break;
      case Op.Swap: {
        const a = stack[stack.length - 1];
        stack[stack.length - 1] = stack[stack.length - 2];
        stack[stack.length - 2] = a;
        break;
      }
      case Op.GetLocal:
        stack.push(stack[frame.base + (code[frame.ip++] as number)]);
        break;
      case Op.SetLocal:
        stack[frame.base + (code[frame.ip++] as number)] = stack[stack.length - 1];
        break;
      case Op.GetGlobal: {
        const name = consts[code[frame.ip++] as number] as string;
        if (!globals.has(name)) error(`Undefined variable '${name}'.`);
        stack.push(globals.get(name));
        break;
      }
      case Op.DefineGlobal:
        globals.set(consts[code[frame.ip++] as number] as string, stack.pop());
        break;
      case Op.SetGlobal: {
        const name = consts[code[frame.ip++] as number] as string;
        if (!globals.has(name)) error(`Undefined variable '${name}'.`);
        globals.set(name, stack[stack.length - 1]);
        break;
      }
      case Op.GetUpvalue: {
        const u = frame.closure.upvalues[code[frame.ip++] as number] as Upvalue;
        stack.push(u.open ? stack[u.index] : u.closed);
        break;
      }
      case Op.SetUpvalue: {
        const u = frame.closure.upvalues[code[frame.ip++] as number] as Upvalue;
        if (u.open) stack[u.index] = stack[stack.length - 1];
        else u.closed = stack[stack.length - 1];
        break;
      }
      case Op.GetProperty: {
        const name = consts[code[frame.ip++] as number] as string;
        const obj = stack[stack.length - 1];
        if (!(obj instanceof Instance)) error("Only instances have properties.");
        const inst = obj as Instance;
        if (inst.fields.has(name)) stack[stack.length - 1] = inst.fields.get(name);
        else bind(inst.klass, name);
        break;
      }
      case Op.SetProperty: {
        const name = consts[code[frame.ip++] as number] as string;
        const obj = stack[stack.length - 2];
        if (!(obj instanceof Instance)) error("Only instances have fields.");
        const v = stack.pop();
        (obj as Instance).fields.set(name, v);
        stack[stack.length - 1] = v;
        break;
      }
      case Op.GetSuper: {
        const name = consts[code[frame.ip++] as number] as string;
        const sup = stack.pop() as Klass;
        bind(sup, name);
        break;
      }
      case Op.Equal: {
        const b = stack.pop();
        stack[stack.length - 1] = stack[stack.length - 1] === b;
        break;
      }
      case Op.Greater:
      case Op.Less:
      case Op.Subtract:
      case Op.Multiply:
      case Op.Divide: {
        const b = stack.pop();
        const a = stack[stack.length - 1];
        if (typeof a !== "number" || typeof b !== "number") error("Operands must be numbers.");
        const x = a as number;
        const y = b as number;
        stack[stack.length - 1] =
          op === Op.Greater
            ? x > y
            : op === Op.Less
              ? x < y
              : op === Op.Subtract
                ? x - y
                : op === Op.Multiply
                  ? x * y
                  : x / y;
        break;
      }
      case Op.Add: {
        const b = stack.pop();
        const a = stack[stack.length - 1];
        if (typeof a === "number" && typeof b === "number") stack[stack.length - 1] = a + b;
        else if (typeof a === "string" && typeof b === "string") stack[stack.length - 1] = a + b;
        else error("Operands must be two numbers or two strings.");
        break;
      }
      case Op.Not:
        stack[stack.length - 1] = falsey(stack[stack.length - 1]);
        break;
      case Op.Negate: {
        const a = stack[stack.length - 1];
        if (typeof a !== "number") error("Operand must be a number.");
        stack[stack.length - 1] = -(a as number);
        break;
      }
      case Op.Print:
        out.push(show(stack.pop()));
        break;
      case Op.Jump: {
        const off = code[frame.ip++] as number;
        frame.ip += off;
        break;
      }
      case Op.JumpIfFalse: {
        const off = code[frame.ip++] as number;
        if (falsey(stack[stack.length - 1])) frame.ip += off;
        break;
      }
      case Op.Loop: {
        const off = code[frame.ip++] as number;
        frame.ip -= off;
        break;
      }
      case Op.Call: {
        const argc = code[frame.ip++] as number;
        callValue(stack[stack.length - 1 - argc], argc);
        reload();
        break;
      }
      case Op.Invoke: {
        const name = consts[code[frame.ip++] as number] as string;
        const argc = code[frame.ip++] as number;
        const recv = stack[stack.length - 1 - argc];
        if (!(recv instanceof Instance)) error("Only instances have properties.");
        const inst = recv as Instance;
        if (inst.fields.has(name)) {
          const v = inst.fields.get(name);
          stack[stack.length - 1 - argc] = v;
          callValue(v, argc);
        } else {
          const m = inst.klass.methods.get(name);
          if (!m) error(`Undefined property '${name}'.`);
          callClosure(m as Closure, argc);
        }
        reload();
        break;
      }
      case Op.SuperInvoke: {
        const name = consts[code[frame.ip++] as number] as string;
        const argc = code[frame.ip++] as number;
        const sup = stack.pop() as Klass;
        const m = sup.methods.get(name);
        if (!m) error(`Undefined property '${name}'.`);
        callClosure(m as Closure, argc);
        reload();
        break;
      }
      case Op.Closure: {
        const fn = consts[code[frame.ip++] as number] as Fn;
        const c = new Closure(fn);
        stack.push(c);
        for (let i = 0; i < fn.upvalueCount; i++) {
          const local = code[frame.ip++] === 1;
          const index = code[frame.ip++] as number;
          c.upvalues[i] = local ? capture(frame.base + index) : (frame.closure.upvalues[index] as Upvalue);
        }
        break;
      }
      case Op.CloseUpvalue:
        closeFrom(stack.length - 1);
        stack.pop();
        break;
      case Op.Return: {
        const result = stack.pop();
        if (open.length) closeFrom(frame.base);
        frames.pop();
        if (frames.length === 0) return out.length ? `${out.join("\n")}\n` : "";
        stack.length = frame.base;
        stack.push(result);
        reload();
        break;
      }
      case Op.Class:
        stack.push(new Klass(consts[code[frame.ip++] as number] as string));
        break;
      case Op.Inherit: {
        const sup = stack[stack.length - 2];
        if (!(sup instanceof Klass)) error("Superclass must be a class.");
        const sub = stack[stack.length - 1] as Klass;
        for (const [k, v] of (sup as Klass).methods) sub.methods.set(k, v);
        sub.init = (sup as Klass).init;
        stack.pop();
        break;
      }
      case Op.Method: {
        const name = consts[code[frame.ip++] as number] as string;
        const m = stack.pop() as Closure;
        const k = stack[stack.length - 1] as Klass;
        k.methods.set(name, m);
        if (name === "init") k.init = m;
        break;
      }
      default:
        throw new Error(`reference VM: unknown opcode ${op}`);
    }
  }
}
