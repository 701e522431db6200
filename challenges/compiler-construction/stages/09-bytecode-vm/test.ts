// Stage 9: a bytecode VM. `disassemble` must print a real listing (one instruction per line,
// with its source line; it grows with the program, names the constants, covers every line that
// has code, and is not the source echoed back), and `run` must keep the language's semantics on
// programs that stress what a VM gets wrong: wide constant indexes, long jumps, upvalues closed
// in loops, deep call stacks, many arguments, interned strings, lots of garbage.
import { defineStage, type StageContext } from "@bsod/harness";
import { type LoxCase, prints, runCases } from "../../lib/cases.ts";
import { type Instruction, parseListing } from "../../lib/listing.ts";

const FORMAT =
  "each instruction on its own line: <offset> <source line> <OPCODE> [operands], e.g. 0003    2 CONSTANT 1 '4817'";

async function listing(ctx: StageContext, name: string, src: string): Promise<Instruction[]> {
  const file = ctx.files.write(`${name}.lox`, src);
  const rel = file.slice(file.indexOf(".bsod-tmp/"));
  ctx.log.step(`$ ./your_program disassemble ${rel}`);
  const res = await ctx.program.run(["disassemble", rel], { check: false, logStdout: false });
  const show = () => ctx.log.info(src.replace(/^/gm, "    | "));
  if (res.exitCode !== 0) {
    show();
    ctx.fail(
      `disassemble exited with code ${res.exitCode ?? res.signal}`,
      "disassemble compiles the program and prints its bytecode; it runs nothing and exits 0",
    );
  }
  const ins = parseListing(res.stdout);
  if (ins.length === 0) {
    show();
    ctx.log.info(`your listing:\n${res.stdout.slice(0, 800) || "(nothing)"}`);
    ctx.fail("disassemble printed no instruction lines", FORMAT);
  }
  const preview = res.stdout.split("\n").slice(0, 12).join("\n");
  ctx.log.info(`${ins.length} instructions, the first lines:\n${preview}`);
  return ins;
}

const LISTED = `print 4817;
var word = "zebra" + "-7";
print word;
var q = 913 * 27;
fun addFiftyFive(n) {
  return n + 55;
}
print addFiftyFive(q);
`;

const FEATURES = `class Shape {
  init(sides) { this.sides = sides; }
  describe() { return "sides: " + this.sides; }
}
class Square < Shape {
  init() { super.init(4); }
}
fun counter() {
  var n = 0;
  fun inc() { n = n + 1; return n; }
  return inc;
}
var c = counter();
for (var i = 0; i < 3; i = i + 1) {
  if (i == 1 and c() > 0 or false) print Square().describe();
  while (!(i < 0)) i = i + 10;
}
print -c() / 2;
`;

const many = (n: number) => Array.from({ length: n }, (_, i) => `print ${i * 7 + 1000};`).join("\n");

const vmPrograms: LoxCase[] = [
  prints(
    "300 constants in one chunk",
    `var sum = 0;\n${Array.from({ length: 300 }, (_, i) => `sum = sum + ${i + 1};`).join("\n")}\nprint sum;`,
    ["45150"],
    "a chunk can have more than 256 constants: use a wider operand when the index does not fit in a byte",
  ),
  prints(
    "a loop body longer than 256 bytes of code",
    `var n = 0;\nvar i = 0;\nwhile (i < 3) {\n${Array.from({ length: 120 }, () => "  n = n + 1;").join("\n")}\n  i = i + 1;\n}\nprint n;`,
    ["360"],
    "jump offsets must reach over long bodies: two bytes at least",
  ),
  prints(
    "closures made in a loop each keep their own variable",
    "var fs0; var fs1; var fs2;\nfor (var i = 0; i < 3; i = i + 1) {\n  var j = i * 10;\n  fun f() { return j; }\n  if (i == 0) fs0 = f;\n  if (i == 1) fs1 = f;\n  if (i == 2) fs2 = f;\n}\nprint fs0() + fs1() + fs2();\nprint fs2();",
    ["30", "20"],
    "close a captured local when its scope ends (each iteration): the closure must not see the next iteration's value",
  ),
  prints(
    "an upvalue shared by closures, closed later",
    "fun pair() {\n  var x = 1;\n  fun get() { return x; }\n  fun set(v) { x = v; }\n  set(5);\n  var got = get();\n  set(got * 2);\n  return get;\n}\nprint pair()();",
    ["10"],
  ),
  prints(
    "a closure over a closure's upvalue",
    "fun outer() {\n  var a = 1;\n  fun middle() {\n    fun inner() { a = a + 1; return a; }\n    return inner;\n  }\n  return middle();\n}\nvar f = outer();\nf();\nprint f();",
    ["3"],
  ),
  prints(
    "deep recursion",
    "fun down(n) {\n  if (n == 0) return 0;\n  return down(n - 1) + 1;\n}\nprint down(200);",
    ["200"],
    "200 nested calls must fit in your call stack",
  ),
  prints(
    "twenty arguments",
    `fun f(${Array.from({ length: 20 }, (_, i) => `a${i}`).join(", ")}) {\n  return ${Array.from({ length: 20 }, (_, i) => `a${i}`).join(" + ")};\n}\nprint f(${Array.from({ length: 20 }, (_, i) => i + 1).join(", ")});`,
    ["210"],
  ),
  prints(
    "computed strings are equal to literals",
    'var a = "ab";\nvar b = "a" + "b";\nprint a == b;\nvar c = "";\nfor (var i = 0; i < 3; i = i + 1) c = c + "x";\nprint c == "xxx";\nprint c != "xx";',
    ["true", "true", "true"],
    "string equality compares characters: intern strings, or compare their contents",
  ),
  prints(
    "lots of garbage",
    'var keep = "";\nfor (var i = 0; i < 3000; i = i + 1) {\n  var tmp = "item" + "-" + "value";\n  if (i == 2999) keep = tmp;\n}\nclass Node { init(v) { this.v = v; } }\nvar last;\nfor (var i = 0; i < 3000; i = i + 1) last = Node(i);\nprint keep;\nprint last.v;',
    ["item-value", "2999"],
  ),
  prints(
    "a method call on a field that holds a function",
    'class Box {\n  init() {\n    fun hello() { return "from the field"; }\n    this.hello = hello;\n  }\n  hello() { return "from the method"; }\n}\nprint Box().hello();',
    ["from the field"],
    "obj.name(args) must look at the fields before the methods, even when the call is compiled as one instruction",
  ),
  prints(
    "locals and temporaries on one stack",
    "fun f(a) {\n  var b = a + 1;\n  {\n    var c = b * 2;\n    {\n      var d = c - a;\n      return a + b + c + d + (a * (b + (c * (d + 1))));\n    }\n  }\n}\nprint f(3);",
    ["176"],
  ),
  prints(
    "an initializer called through super with a stack in use",
    "class A { init(x) { this.x = x; } }\nclass B < A { init(x, y) { super.init(x + y); this.y = y; } }\nfun make(n) { return B(n, n * 2).x + B(1, 1).y; }\nprint make(4) + make(5);",
    ["29"],
  ),
];

export default defineStage({
  slug: "bytecode-vm",
  async run(ctx) {
    const { log, fail } = ctx;
    // 1. A small program: every line with code appears, the constants are shown, the source is not echoed.
    const ins = await listing(ctx, "listed", LISTED);
    const srcLines = LISTED.split("\n");
    const bad = ins.find((i) => i.line < 1 || i.line > srcLines.length);
    if (bad)
      fail(
        `the instruction "${bad.text.trim()}" names source line ${bad.line}, but the program has ${srcLines.length - 1} lines`,
        FORMAT,
      );
    for (const l of [1, 2, 3, 4, 6, 8]) {
      if (!ins.some((i) => i.line === l)) {
        fail(
          `no instruction in the listing comes from line ${l} (${(srcLines[l - 1] ?? "").trim()})`,
          "each instruction shows the source line it was compiled from, and every line with code produces instructions",
        );
      }
    }
    const all = ins.map((i) => i.text).join("\n");
    for (const k of ["4817", "913", "55"]) {
      if (!all.includes(k))
        fail(
          `the listing never shows the constant ${k}`,
          "an instruction that loads a constant shows its value, e.g. CONSTANT 0 '4817'",
        );
    }
    const echoed = srcLines.map((l) => l.trim()).find((l) => l.length > 8 && all.includes(l));
    if (echoed)
      fail(
        `the listing contains the source line "${echoed}"`,
        "disassemble prints the compiled instructions, not the source",
      );
    log.pass("the listing covers every line with code and shows its constants");

    // 2. A listing grows with the program.
    const small = await listing(ctx, "one-print", many(1));
    const big = await listing(ctx, "forty-prints", many(40));
    if (big.length < small.length + 39 * 2) {
      fail(
        `40 print statements gave ${big.length} instructions and 1 gave ${small.length}`,
        "each print of a constant compiles to at least two instructions (load the constant, print)",
      );
    }
    log.pass(`40 prints take ${big.length} instructions, 1 takes ${small.length}`);

    // 3. The whole language compiles to a varied instruction set.
    const rich = await listing(ctx, "features", FEATURES);
    const ops = new Set(rich.map((i) => i.op));
    if (ops.size < 12)
      fail(
        `a program with classes, closures, loops and calls uses only ${ops.size} distinct opcodes (${[...ops].join(", ")})`,
        "a bytecode VM for Lox needs distinct instructions for constants, variables, jumps, calls, closures, properties, classes…",
      );
    const jumps = rich.filter((i) => /JUMP|LOOP|BRANCH/.test(i.op)).length;
    if (jumps < 4)
      fail(
        `the listing of a program with if, while, for, and, or has ${jumps} jump instructions`,
        "control flow compiles to jumps",
      );
    log.pass(`${ops.size} distinct opcodes, ${jumps} jumps`);

    // 4. Running through the VM keeps the semantics.
    await runCases(ctx, "run", vmPrograms, { what: "programs that stress a VM" });
  },
});
