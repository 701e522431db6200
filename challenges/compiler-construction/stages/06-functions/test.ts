// Stage 6: functions — declarations, calls, return, recursion, the native clock(), arity errors
// and stack overflow.
import { defineStage } from "@bsod/harness";
import { fails, type LoxCase, prints, rejects, runCases } from "../../lib/cases.ts";

const written: LoxCase[] = [
  prints("a function call", 'fun hello() {\n  print "hello";\n}\nhello();\nhello();', ["hello", "hello"]),
  prints("parameters", "fun add(a, b, c) {\n  print a + b + c;\n}\nadd(1, 2, 3);", ["6"]),
  prints("return", "fun square(n) {\n  return n * n;\n}\nprint square(12);", ["144"]),
  prints(
    "no return gives nil",
    "fun nothing() {}\nprint nothing();",
    ["nil"],
    "a function that ends without return returns nil",
  ),
  prints("a bare return gives nil", 'fun early() {\n  return;\n  print "unreachable";\n}\nprint early();', ["nil"]),
  prints(
    "return leaves loops and blocks",
    "fun find(limit) {\n  for (var i = 0; i < 100; i = i + 1) {\n    {\n      if (i * i > limit) return i;\n    }\n  }\n  return -1;\n}\nprint find(50);\nprint find(20000);",
    ["8", "-1"],
    "return leaves the whole function, however deeply nested in loops and blocks",
  ),
  prints("printing a function", "fun named() {}\nprint named;", ["<fn named>"], "a function prints as <fn name>"),
  prints("printing the native clock", "print clock;", ["<native fn>"], "native functions print as <native fn>"),
  prints(
    "clock returns seconds as a number",
    "var t = clock();\nprint t > 1000000000;\nprint t == t + 0;\nprint clock() >= t;",
    ["true", "true", "true"],
    "clock() returns the seconds since 1970 as a number",
  ),
  prints("recursion", "fun fib(n) {\n  if (n < 2) return n;\n  return fib(n - 2) + fib(n - 1);\n}\nprint fib(20);", [
    "6765",
  ]),
  prints(
    "mutual recursion",
    "fun isEven(n) {\n  if (n == 0) return true;\n  return isOdd(n - 1);\n}\nfun isOdd(n) {\n  if (n == 0) return false;\n  return isEven(n - 1);\n}\nprint isEven(10);\nprint isOdd(7);\nprint isEven(3);",
    ["true", "true", "false"],
    "a function body looks up global names when it runs, so it can call functions declared after it",
  ),
  prints(
    "deep recursion works",
    "fun depth(n) {\n  if (n == 0) return 0;\n  return 1 + depth(n - 1);\n}\nprint depth(200);",
    ["200"],
    "200 nested calls must work",
  ),
  prints("parameters are local", 'var a = "global";\nfun f(a) {\n  a = "changed";\n  print a;\n}\nf(1);\nprint a;', [
    "changed",
    "global",
  ]),
  prints(
    "arguments are evaluated left to right",
    "fun show(x) {\n  print x;\n  return x;\n}\nfun three(a, b, c) {\n  return a + b + c;\n}\nprint three(show(1), show(2), show(3));",
    ["1", "2", "3", "6"],
  ),
  prints(
    "functions are values",
    "fun twice(f, x) {\n  return f(f(x));\n}\nfun inc(n) {\n  return n + 1;\n}\nprint twice(inc, 5);\nvar g = inc;\nprint g(41);",
    ["7", "42"],
  ),
  prints(
    "a local function",
    'fun outer() {\n  fun inner() {\n    return "inner";\n  }\n  return inner();\n}\nprint outer();',
    ["inner"],
  ),
  prints(
    "calling the result of a call",
    'fun make() {\n  fun made() {\n    print "called";\n  }\n  return made;\n}\nmake()();',
    ["called"],
  ),
  prints(
    "a function changes a global",
    "var count = 0;\nfun bump() {\n  count = count + 1;\n}\nbump();\nbump();\nbump();\nprint count;",
    ["3"],
  ),
  prints(
    "string building in a function",
    'fun repeat(s, n) {\n  var out = "";\n  for (var i = 0; i < n; i = i + 1) out = out + s;\n  return out;\n}\nprint repeat("ab", 4);',
    ["abababab"],
  ),
  fails(
    "too few arguments",
    "fun two(a, b) {}\ntwo(1);",
    [],
    "Expected 2 arguments but got 1.",
    2,
    "calling with the wrong number of arguments is a runtime error: Expected 2 arguments but got 1.",
  ),
  fails(
    "too many arguments",
    'fun none() {}\nprint "before";\nnone(1, 2, 3);',
    ["before"],
    "Expected 0 arguments but got 3.",
    3,
  ),
  fails("the native's arity", "clock(1);", [], "Expected 0 arguments but got 1.", 1),
  fails("calling a string", '"not a function"();', [], "Can only call functions and classes.", 1),
  fails("calling nil", "var f;\nf();", [], "Can only call functions and classes.", 2),
  fails("calling a number", "var n = 3;\nprint n(4);", [], "Can only call functions and classes.", 2),
  fails(
    "a runtime error inside a function",
    'fun bad() {\n  print "in bad";\n  return 1 + nil;\n}\nbad();',
    ["in bad"],
    "Operands must be two numbers or two strings.",
    3,
    "the error's line is where it happened, inside the function",
  ),
  fails(
    "unbounded recursion is a stack overflow",
    "fun forever(n) {\n  return 1 + forever(n + 1);\n}\nforever(0);",
    [],
    "Stack overflow.",
    2,
    "report a Stack overflow. runtime error (exit 70) instead of crashing: count the calls in progress and stop at a limit (above 200)",
  ),
  rejects(
    "return at the top level",
    "return 1;",
    "[line 1] Error at 'return': Can't return from top-level code.",
    "return outside a function is a compile error (exit 65)",
  ),
  rejects("a missing parameter name", "fun f(a, ) {}", "[line 1] Error at ')': Expect parameter name."),
  rejects("a missing function body", "fun f();", "[line 1] Error at ';': Expect '{' before function body."),
  rejects("an unclosed argument list", "fun f(a) {}\nf(1, 2;", "[line 2] Error at ';': Expect ')' after arguments."),
];

export default defineStage({
  slug: "functions",
  async run(ctx) {
    await runCases(ctx, "run", written, { what: `${written.length} written for this stage` });
  },
});
