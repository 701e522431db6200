// Stage 7: closures and resolution — functions capture variables (not values), captured
// variables outlive their scope, names bind where they are written, and the resolver's
// static errors.
import { defineStage } from "@bsod/harness";
import { type LoxCase, prints, rejects, runCases } from "../../lib/cases.ts";

const written: LoxCase[] = [
  prints(
    "a counter",
    "fun makeCounter() {\n  var i = 0;\n  fun count() {\n    i = i + 1;\n    return i;\n  }\n  return count;\n}\nvar counter = makeCounter();\nprint counter();\nprint counter();\nprint counter();",
    ["1", "2", "3"],
    "the closure keeps its own i alive after makeCounter returned",
  ),
  prints(
    "two counters are independent",
    "fun makeCounter() {\n  var i = 0;\n  fun count() {\n    i = i + 1;\n    return i;\n  }\n  return count;\n}\nvar a = makeCounter();\nvar b = makeCounter();\na();\na();\nprint a();\nprint b();",
    ["3", "1"],
    "each call of makeCounter makes a new i",
  ),
  prints(
    "a closure over a parameter",
    "fun adder(n) {\n  fun add(x) {\n    return x + n;\n  }\n  return add;\n}\nvar add5 = adder(5);\nvar add10 = adder(10);\nprint add5(1);\nprint add10(1);",
    ["6", "11"],
  ),
  prints(
    "closures share a variable",
    'var get;\nvar set;\nfun make() {\n  var shared = "initial";\n  fun g() {\n    return shared;\n  }\n  fun s(v) {\n    shared = v;\n  }\n  get = g;\n  set = s;\n}\nmake();\nprint get();\nset("updated");\nprint get();',
    ["initial", "updated"],
    "two closures over the same variable see each other's assignments: capture the variable, not a copy",
  ),
  prints(
    "a closure sees later assignments",
    'fun outer() {\n  var x = "before";\n  fun show() {\n    print x;\n  }\n  x = "after";\n  return show;\n}\nouter()();',
    ["after"],
    "a closure captures the variable itself, so it sees assignments made after it was created",
  ),
  prints(
    "each loop iteration's variable is its own",
    "var first;\nvar second;\nvar i = 0;\nwhile (i < 2) {\n  var j = i;\n  fun show() {\n    print j;\n  }\n  if (i == 0) first = show;\n  else second = show;\n  i = i + 1;\n}\nfirst();\nsecond();",
    ["0", "1"],
    "a var declared inside a loop body is a new variable on each iteration",
  ),
  prints(
    "nested closures",
    'fun a() {\n  var x = "x";\n  fun b() {\n    var y = "y";\n    fun c() {\n      var z = "z";\n      fun d() {\n        return x + y + z;\n      }\n      return d;\n    }\n    return c;\n  }\n  return b;\n}\nprint a()()()();',
    ["xyz"],
    "a closure can capture variables of any enclosing function, not only the nearest",
  ),
  prints(
    "a closure that changes a captured variable from an inner function",
    "fun outer() {\n  var n = 0;\n  fun middle() {\n    fun inner() {\n      n = n + 10;\n    }\n    inner();\n    inner();\n  }\n  middle();\n  return n;\n}\nprint outer();",
    ["20"],
  ),
  prints(
    "names bind where they are written",
    'var a = "global";\n{\n  fun show() {\n    print a;\n  }\n  show();\n  var a = "block";\n  show();\n  print a;\n}',
    ["global", "global", "block"],
    "a variable use refers to the declaration visible where it is written (resolve names before running), so a later var in the block does not change what show() prints",
  ),
  prints(
    "a closure over a block variable after the block",
    'var f;\n{\n  var local = "kept";\n  fun g() {\n    return local;\n  }\n  f = g;\n}\nprint f();',
    ["kept"],
  ),
  prints(
    "recursion through a captured local function",
    "fun outer() {\n  fun fact(n) {\n    if (n <= 1) return 1;\n    return n * fact(n - 1);\n  }\n  return fact;\n}\nprint outer()(10);",
    ["3628800"],
  ),
  prints(
    "a function returns the closure it made on each call",
    'fun greeter(greeting) {\n  fun greet(name) {\n    return greeting + ", " + name;\n  }\n  return greet;\n}\nvar hi = greeter("hi");\nvar bye = greeter("bye");\nprint hi("Ada");\nprint bye("Alan");\nprint hi("Grace");',
    ["hi, Ada", "bye, Alan", "hi, Grace"],
  ),
  prints(
    "shadowing a global inside a function is fine",
    "var x = 1;\nfun f() {\n  var x = 2;\n  return x;\n}\nprint f() + x;",
    ["3"],
  ),
  prints("the same name in sibling blocks is fine", "{\n  var a = 1;\n  print a;\n}\n{\n  var a = 2;\n  print a;\n}", [
    "1",
    "2",
  ]),
  prints("a global may be read in its own initializer", "var a = 1;\nvar a = a + 1;\nprint a;", ["2"]),
  rejects(
    "reading a local in its own initializer",
    'var a = "outer";\n{\n  var a = a;\n}',
    "[line 3] Error at 'a': Can't read local variable in its own initializer.",
    "in a local scope, var a = a; is a compile error (it is allowed only at the top level)",
  ),
  rejects(
    "declaring a local twice",
    "fun f() {\n  var a = 1;\n  var a = 2;\n}",
    "[line 3] Error at 'a': Already a variable with this name in this scope.",
    "two declarations of one name in the same local scope are a compile error",
  ),
  rejects(
    "a parameter declared twice",
    "fun f(a, a) {}",
    "[line 1] Error at 'a': Already a variable with this name in this scope.",
  ),
  rejects(
    "a local that repeats a parameter",
    "fun f(a) {\n  var a;\n}",
    "[line 2] Error at 'a': Already a variable with this name in this scope.",
    "parameters live in the function body's scope",
  ),
  rejects(
    "return at the top level, inside a block",
    "{\n  return;\n}",
    "[line 2] Error at 'return': Can't return from top-level code.",
  ),
  rejects(
    "a resolver error means nothing runs",
    'print "not printed";\nfun f() {\n  var x = 1;\n  {\n    var y = 2;\n    var y = 3;\n  }\n}',
    "[line 6] Error at 'y': Already a variable with this name in this scope.",
    "the resolver runs on the whole program before any of it runs: exit 65 with nothing printed",
  ),
];

export default defineStage({
  slug: "closures",
  async run(ctx) {
    await runCases(ctx, "run", written, { what: `${written.length} written for this stage` });
  },
});
