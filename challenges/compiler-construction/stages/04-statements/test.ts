// Stage 4: statements and state — print, var, assignment, blocks and shadowing. Written
// programs, then seeded programs of nested blocks whose expected output the generator tracks.
import { defineStage } from "@bsod/harness";
import { fails, type LoxCase, prints, rejects, runCases } from "../../lib/cases.ts";
import { scopeProgram } from "../../lib/gen-programs.ts";

const written: LoxCase[] = [
  prints("print", 'print "Hello, world!";', ["Hello, world!"]),
  prints("print several values", 'print 1;\nprint 2.5;\nprint "two";\nprint true;\nprint nil;', [
    "1",
    "2.5",
    "two",
    "true",
    "nil",
  ]),
  prints("print an expression", "print 1 + 2 * 3;\nprint (1 + 2) * 3;", ["7", "9"]),
  prints(
    "an expression statement prints nothing",
    '1 + 2;\n"unused";\nprint "after";',
    ["after"],
    "an expression statement evaluates its expression and discards the value",
  ),
  prints("an empty program", "", []),
  prints("a program of comments", "// nothing\n// to see here\n", []),
  prints("var with an initializer", "var a = 10;\nprint a;", ["10"]),
  prints("var without one is nil", "var nothing;\nprint nothing;", ["nil"], "var x; declares x with the value nil"),
  prints("variables in expressions", "var a = 3;\nvar b = 4;\nprint a * a + b * b;", ["25"]),
  prints("assignment", 'var a = "before";\na = "after";\nprint a;', ["after"]),
  prints(
    "assignment is an expression",
    "var a;\nprint a = 5;\nprint a;",
    ["5", "5"],
    "an assignment's value is the value assigned",
  ),
  prints("assignment is right-associative", "var a;\nvar b;\nvar c;\na = b = c = 7;\nprint a + b + c;", ["21"]),
  prints("assigning from itself", "var n = 1;\nn = n + 1;\nn = n * 10;\nprint n;", ["20"]),
  prints(
    "redeclaring a global",
    "var a = 1;\nvar a = a + 1;\nprint a;",
    ["2"],
    "at the top level a var may be declared again; its initializer sees the old value",
  ),
  prints(
    "string variables",
    'var first = "Ada";\nvar last = "Lovelace";\nvar full = first + " " + last;\nprint full;',
    ["Ada Lovelace"],
  ),
  prints("a block", "{\n  var a = 1;\n  print a;\n}", ["1"]),
  prints(
    "shadowing in a block",
    'var a = "outer";\n{\n  var a = "inner";\n  print a;\n}\nprint a;',
    ["inner", "outer"],
    "a var in a block is a new variable that hides the outer one until the block ends",
  ),
  prints(
    "assigning an outer variable from a block",
    "var a = 1;\n{\n  a = 2;\n  var b = a + 1;\n  print b;\n}\nprint a;",
    ["3", "2"],
    "assignment changes the nearest visible variable of that name; it does not declare one",
  ),
  prints(
    "nested blocks",
    'var a = "global a";\nvar b = "global b";\nvar c = "global c";\n{\n  var a = "outer a";\n  var b = "outer b";\n  {\n    var a = "inner a";\n    print a;\n    print b;\n    print c;\n  }\n  print a;\n  print b;\n  print c;\n}\nprint a;\nprint b;\nprint c;',
    ["inner a", "outer b", "global c", "outer a", "outer b", "global c", "global a", "global b", "global c"],
  ),
  prints("an empty block", '{}\n{ { } }\nprint "ok";', ["ok"]),
  prints(
    "a shadowing variable starts from the outer value",
    "var a = 1;\n{\n  var b = a + 1;\n  var a = b * 10;\n  print a;\n}\nprint a;",
    ["20", "1"],
  ),
  fails(
    "reading an undefined variable",
    "print nope;",
    [],
    "Undefined variable 'nope'.",
    1,
    "reading a variable that was never declared is a runtime error: Undefined variable 'nope'.",
  ),
  fails(
    "assigning an undefined variable",
    'print "first";\nghost = 1;',
    ["first"],
    "Undefined variable 'ghost'.",
    2,
    "assignment does not declare: assigning a variable never declared is a runtime error",
  ),
  fails(
    "a variable from a block that has ended",
    "{\n  var inside = 1;\n}\nprint inside;",
    [],
    "Undefined variable 'inside'.",
    4,
    "a variable declared in a block is gone when the block ends",
  ),
  fails(
    "output before a runtime error stays",
    'print "one";\nprint "two";\nprint -"three";\nprint "four";',
    ["one", "two"],
    "Operand must be a number.",
    3,
  ),
  rejects(
    "a missing semicolon after print",
    "print 1\nprint 2;",
    "[line 2] Error at 'print': Expect ';' after value.",
    "the error is reported at the token where the ; should have been",
  ),
  rejects(
    "a missing semicolon after an expression",
    "var a = 1;\na = 2\n",
    "[line 3] Error at end: Expect ';' after expression.",
  ),
  rejects(
    "a missing semicolon after var",
    "var a = 1\nprint a;",
    "[line 2] Error at 'print': Expect ';' after variable declaration.",
  ),
  rejects("print with nothing to print", "print;", "[line 1] Error at ';': Expect expression."),
  rejects("var with no name", "var 1 = 2;", "[line 1] Error at '1': Expect variable name."),
  rejects(
    "assigning to something that is not a variable",
    "var a = 1;\nvar b = 2;\na + b = 3;",
    "[line 3] Error at '=': Invalid assignment target.",
    "only a variable (later: a field) can be assigned",
  ),
  rejects("an unclosed block", '{\n  print "never closed";\n', "[line 3] Error at end: Expect '}' after block."),
  rejects(
    "a compile error anywhere stops everything",
    'print "not printed";\nprint (1;',
    "[line 2] Error at ';': Expect ')' after expression.",
    "a compile error means nothing runs: check the whole file before running any of it",
  ),
];

export default defineStage({
  slug: "statements",
  async run(ctx) {
    const generated = Array.from({ length: 16 }, (_, i) =>
      scopeProgram(ctx.random.fork(`scope${i}`), `(generated #${i + 1})`),
    );
    await runCases(ctx, "run", [...written, ...generated], {
      what: `${written.length} written for this stage, ${generated.length} generated from seed ${ctx.seed}`,
    });
  },
});
