// The reference VM's opcodes and heap objects. Lox values are JavaScript values: numbers,
// strings (compared by content, as Lox wants), booleans, null for nil, and these classes.
export const Op = {
  Constant: 0,
  Nil: 1,
  True: 2,
  False: 3,
  Pop: 4,
  GetLocal: 5,
  SetLocal: 6,
  GetGlobal: 7,
  DefineGlobal: 8,
  SetGlobal: 9,
  GetUpvalue: 10,
  SetUpvalue: 11,
  GetProperty: 12,
  SetProperty: 13,
  GetSuper: 14,
  Equal: 15,
  Greater: 16,
  Less: 17,
  Add: 18,
  Subtract: 19,
  Multiply: 20,
  Divide: 21,
  Not: 22,
  Negate: 23,
  Print: 24,
  Jump: 25,
  JumpIfFalse: 26,
  Loop: 27,
  Call: 28,
  Invoke: 29,
  SuperInvoke: 30,
  Closure: 31,
  CloseUpvalue: 32,
  Return: 33,
  Class: 34,
  Inherit: 35,
  Method: 36,
  Swap: 37,
} as const;

export class Fn {
  arity = 0;
  upvalueCount = 0;
  code: number[] = [];
  lines: number[] = [];
  constants: unknown[] = [];
  constructor(readonly name: string) {}
}

export class Upvalue {
  closed: unknown = null;
  open = true;
  constructor(public index: number) {}
}

export class Closure {
  upvalues: Upvalue[];
  constructor(readonly fn: Fn) {
    this.upvalues = new Array(fn.upvalueCount);
  }
}

export class Native {
  constructor(
    readonly arity: number,
    readonly call: (args: unknown[]) => unknown,
  ) {}
}

export class Klass {
  methods = new Map<string, Closure>();
  init: Closure | null = null;
  constructor(readonly name: string) {}
}

export class Instance {
  fields = new Map<string, unknown>();
  constructor(readonly klass: Klass) {}
}

export class Bound {
  constructor(
    readonly receiver: unknown,
    readonly method: Closure,
  ) {}
}
