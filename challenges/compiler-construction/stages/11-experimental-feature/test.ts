// Stage 11: one experimental feature from the track's menu — the pipeline operator, tail calls
// in constant stack, or pattern matching on values. Every feature's programs run; the stage
// passes when all the programs of at least one feature do (each feature's result is logged) (the rest of the language must keep
// working too, which the earlier stages still check on every push).
import { defineStage } from "@bsod/harness";
import { type CaseReport, checkCases, fails, type LoxCase, prints } from "../../lib/cases.ts";

const DOUBLE = "fun double(x) {\n  return x * 2;\n}\n";

const pipeline: LoxCase[] = [
  prints("a pipe calls the function on its right", `${DOUBLE}print 5 |> double;`, ["10"], "x |> f is f(x)"),
  prints(
    "pipes chain to the left",
    `${DOUBLE}fun inc(x) {\n  return x + 1;\n}\nprint 1 |> inc |> double |> inc;`,
    ["5"],
    "x |> f |> g is g(f(x))",
  ),
  prints(
    "a pipe binds looser than arithmetic",
    `${DOUBLE}print 1 + 2 |> double;`,
    ["6"],
    "|> binds looser than every operator but assignment: 1 + 2 |> f is f(1 + 2)",
  ),
  prints("a pipe binds looser than or", `${DOUBLE}print false or 3 |> double;`, ["6"]),
  prints("a pipe binds tighter than assignment", `${DOUBLE}var r = 3 |> double;\nprint r;`, ["6"]),
  prints(
    "the right side is any expression",
    "fun times(n) {\n  fun f(x) {\n    return x * n;\n  }\n  return f;\n}\nprint 7 |> times(3);",
    ["21"],
    "the right side is evaluated to a callable first: 7 |> times(3) is times(3)(7)",
  ),
  prints("piping into a class", "class Box {\n  init(v) {\n    this.v = v;\n  }\n}\nprint (4 |> Box).v;", ["4"]),
  prints(
    "piping into a bound method",
    "class M {\n  go(x) {\n    return x + this.k;\n  }\n}\nvar m = M();\nm.k = 10;\nprint 5 |> m.go;",
    ["15"],
  ),
  prints(
    "the left side is evaluated first",
    'fun show(x) {\n  print x;\n  return x;\n}\nfun id(f) {\n  print "callee";\n  return f;\n}\nprint show(1) |> id(show);',
    ["1", "callee", "1", "1"],
    "evaluate the left operand, then the right one, then call",
  ),
  fails("piping into a number", "print 3 |> 4;", [], "Can only call functions and classes.", 1),
  fails(
    "piping into a function of two parameters",
    "fun two(a, b) {}\n1 |> two;",
    [],
    "Expected 2 arguments but got 1.",
    2,
  ),
];

const tailCalls: LoxCase[] = [
  prints(
    "a million tail calls",
    'fun count(n) {\n  if (n == 0) return "done";\n  return count(n - 1);\n}\nprint count(1000000);',
    ["done"],
    "return f(…) in tail position must reuse the caller's frame: a million of them may not overflow",
  ),
  prints(
    "an accumulator",
    "fun sum(n, acc) {\n  if (n == 0) return acc;\n  return sum(n - 1, acc + n);\n}\nprint sum(1000000, 0);",
    ["500000500000"],
  ),
  prints(
    "mutual tail recursion",
    "fun isEven(n) {\n  if (n == 0) return true;\n  return isOdd(n - 1);\n}\nfun isOdd(n) {\n  if (n == 0) return false;\n  return isEven(n - 1);\n}\nprint isEven(1000000);\nprint isOdd(777777);",
    ["true", "true"],
    "a tail call to another function reuses the frame too",
  ),
  prints(
    "a tail-calling method",
    "class C {\n  loop(n) {\n    if (n == 0) return this;\n    return this.loop(n - 1);\n  }\n}\nprint C().loop(1000000);",
    ["C instance"],
  ),
  prints(
    "a tail-calling closure",
    "fun make(k) {\n  fun f(n, acc) {\n    if (n == 0) return acc + k;\n    return f(n - 1, acc + 1);\n  }\n  return f;\n}\nprint make(5)(1000000, 0);",
    ["1000005"],
    "a closure keeps its upvalues across its own tail calls",
  ),
  prints("a tail call to a native", "fun t() {\n  return clock();\n}\nprint t() > 0;", ["true"]),
  prints(
    "ordinary recursion still works",
    "fun fib(n) {\n  if (n < 2) return n;\n  return fib(n - 1) + fib(n - 2);\n}\nprint fib(20);",
    ["6765"],
  ),
  fails(
    "a call that is not in tail position still overflows",
    "fun f(n) {\n  return 1 + f(n + 1);\n}\nprint f(0);",
    [],
    "Stack overflow.",
    2,
    "only return f(…) is a tail call; 1 + f(…) must still grow the stack and end in Stack overflow.",
  ),
];

const DESCRIBE =
  'fun describe(x) {\n  match (x) {\n    0 => return "zero";\n    1 => return "one";\n    "hi" => return "greeting";\n    nil => return "nothing";\n    true => return "yes";\n    _ => return "something else";\n  }\n}\n';

const matching: LoxCase[] = [
  prints(
    "each arm",
    `${DESCRIBE}print describe(0);\nprint describe(1);\nprint describe("hi");\nprint describe(nil);\nprint describe(true);\nprint describe(42);`,
    ["zero", "one", "greeting", "nothing", "yes", "something else"],
    "arms are tried in order with ==; _ matches anything",
  ),
  prints(
    "the subject is evaluated once",
    'var n = 0;\nfun next() {\n  n = n + 1;\n  return n;\n}\nmatch (next()) {\n  1 => print "first";\n  2 => print "second";\n}\nprint n;',
    ["first", "1"],
  ),
  prints(
    "no arm matches",
    'match (5) {\n  1 => print "one";\n}\nprint "after";',
    ["after"],
    "when no arm matches, nothing runs",
  ),
  prints(
    "only the first matching arm runs",
    'match (1) {\n  1 => print "a";\n  1 => print "b";\n  _ => print "c";\n}',
    ["a"],
  ),
  prints(
    "an arm's body is a statement, a block too",
    'match ("x") {\n  "x" => {\n    var y = "block";\n    print y;\n  }\n}',
    ["block"],
  ),
  prints("strings match by value", 'match ("a" + "b") {\n  "ab" => print "by value";\n  _ => print "by identity";\n}', [
    "by value",
  ]),
  prints("booleans from expressions", 'match (1 < 2) {\n  false => print "no";\n  true => print "yes";\n}', ["yes"]),
  prints(
    "a match in a loop",
    'for (var i = 0; i < 4; i = i + 1) {\n  match (i) {\n    0 => print "zero";\n    2 => print "two";\n    _ => print i;\n  }\n}',
    ["zero", "1", "two", "3"],
  ),
  prints("different types do not match", 'match ("1") {\n  1 => print "number";\n  "1" => print "string";\n}', [
    "string",
  ]),
];

const MENU: Array<[string, LoxCase[]]> = [
  ["the pipeline operator |>", pipeline],
  ["tail calls in constant stack", tailCalls],
  ["pattern matching on values (match)", matching],
];

export default defineStage({
  slug: "experimental-feature",
  async run(ctx) {
    const { log } = ctx;
    const reports: Array<[string, CaseReport]> = [];
    for (const [name, cases] of MENU) {
      const report = await checkCases(ctx, "run", cases, { what: name, maxFailures: 2 });
      if (!report.failure) log.pass(`${name}: all ${cases.length} programs passed`);
      else log.info(`${name}: not this one (${report.failure.message})`);
      reports.push([name, report]);
    }
    const done = reports.filter(([, r]) => !r.failure).map(([name]) => name);
    if (done.length > 0) {
      log.pass(`your feature${done.length > 1 ? "s" : ""}: ${done.join(", ")}`);
      return;
    }
    // None passed: explain the one that came closest.
    reports.sort((a, b) => b[1].passed / b[1].total - a[1].passed / a[1].total);
    const [name, closest] = reports[0] as [string, CaseReport];
    log.info(`closest: ${name}, ${closest.passed} of ${closest.total} programs passed before the stop`);
    closest.explain();
    ctx.fail(
      `no feature from the menu works yet; closest: ${name} — ${closest.failure?.message}`,
      closest.failure?.hint ?? "pick one feature from this stage's page and make all of its programs pass",
    );
  },
});
