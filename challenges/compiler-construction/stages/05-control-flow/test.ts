// Stage 5: control flow — if/else, while, for, and/or with short-circuit. Written programs, then
// seeded loops and and/or chains whose expected output the generator computes.
import { defineStage } from "@bsod/harness";
import { type LoxCase, prints, rejects, runCases } from "../../lib/cases.ts";
import { logicProgram, loopProgram } from "../../lib/gen-programs.ts";

const written: LoxCase[] = [
  prints("if", 'if (true) print "yes";\nif (false) print "no";', ["yes"]),
  prints("if/else", 'if (1 > 2) print "bigger"; else print "smaller";', ["smaller"]),
  prints("if with a block", 'var a = 0;\nif (a == 0) {\n  a = 1;\n  print "set";\n}\nprint a;', ["set", "1"]),
  prints(
    "else if chains",
    'var n = 15;\nif (n < 10) print "small";\nelse if (n < 20) print "medium";\nelse print "large";',
    ["medium"],
  ),
  prints(
    "the dangling else binds to the nearest if",
    'if (true) if (false) print "inner"; else print "else of the inner if";',
    ["else of the inner if"],
    "an else belongs to the nearest if that has none",
  ),
  prints(
    "truthiness of conditions",
    'if (0) print "0 is truthy";\nif ("") print "empty string is truthy";\nif (nil) print "never"; else print "nil is falsey";',
    ["0 is truthy", "empty string is truthy", "nil is falsey"],
    "only nil and false are falsey",
  ),
  prints("while", "var i = 0;\nwhile (i < 3) {\n  print i;\n  i = i + 1;\n}", ["0", "1", "2"]),
  prints("a while that never runs", 'while (false) print "never";\nprint "done";', ["done"]),
  prints("for", "for (var i = 0; i < 3; i = i + 1) print i;", ["0", "1", "2"]),
  prints("for with no initializer", "var i = 5;\nfor (; i > 2; i = i - 1) print i;", ["5", "4", "3"]),
  prints("for with no increment", "for (var i = 0; i < 3;) {\n  print i;\n  i = i + 1;\n}", ["0", "1", "2"]),
  prints("for with an expression initializer", "var i;\nfor (i = 10; i < 12; i = i + 1) print i;\nprint i;", [
    "10",
    "11",
    "12",
  ]),
  rejects(
    "a syntax error inside a loop body",
    "var n = 0;\nwhile (n < 3) {\n  n = n + 1;\n  print n\n}",
    "[line 5] Error at '}': Expect ';' after value.",
    "a compile error anywhere means nothing runs",
  ),
  prints(
    "the for variable is local to the loop",
    'var i = "outer";\nfor (var i = 0; i < 2; i = i + 1) print i;\nprint i;',
    ["0", "1", "outer"],
    "a var in a for initializer lives only as long as the loop",
  ),
  prints(
    "nested loops",
    'for (var i = 1; i <= 3; i = i + 1) {\n  var row = "";\n  for (var j = 1; j <= i; j = j + 1) row = row + "*";\n  print row;\n}',
    ["*", "**", "***"],
  ),
  prints("a loop that counts down", "var n = 10;\nwhile (n > 0) n = n - 3;\nprint n;", ["-2"]),
  prints(
    "or gives back the deciding operand",
    'print nil or "default";\nprint "first" or "second";\nprint false or false;',
    ["default", "first", "false"],
    "or returns its left operand if it is truthy, else its right operand (not true/false)",
  ),
  prints(
    "and gives back the deciding operand",
    'print nil and "never";\nprint 1 and 2;\nprint true and false;',
    ["nil", "2", "false"],
    "and returns its left operand if it is falsey, else its right operand",
  ),
  prints("and binds tighter than or", 'print false and "x" or "y";\nprint true or false and false;', ["y", "true"]),
  prints(
    "or short-circuits",
    'var called = "no";\ntrue or (called = "yes");\nprint called;\nfalse or (called = "now");\nprint called;',
    ["no", "now"],
    "or does not evaluate its right operand when the left one is truthy",
  ),
  prints(
    "and short-circuits",
    "var touched = false;\nfalse and (touched = true);\nprint touched;\ntrue and (touched = true);\nprint touched;",
    ["false", "true"],
    "and does not evaluate its right operand when the left one is falsey",
  ),
  prints(
    "and/or in a condition",
    'var a = 5;\nif (a > 0 and a < 10) print "in range";\nif (a < 0 or a > 3) print "either";',
    ["in range", "either"],
  ),
  prints("factorial with a loop", "var f = 1;\nfor (var i = 1; i <= 10; i = i + 1) f = f * i;\nprint f;", ["3628800"]),
  rejects("if without parentheses", "if true print 1;", "[line 1] Error at 'true': Expect '(' after 'if'."),
  rejects("an unclosed if condition", "if (true print 1;", "[line 1] Error at 'print': Expect ')' after if condition."),
  rejects("while without parentheses", "while true print 1;", "[line 1] Error at 'true': Expect '(' after 'while'."),
  rejects(
    "for with a missing semicolon",
    "for (var i = 0; i < 3 i = i + 1) print i;",
    "[line 1] Error at 'i': Expect ';' after loop condition.",
  ),
];
export default defineStage({
  slug: "control-flow",
  async run(ctx) {
    const loops = Array.from({ length: 12 }, (_, i) =>
      loopProgram(ctx.random.fork(`loop${i}`), `(generated loop #${i + 1})`),
    );
    const logic = Array.from({ length: 8 }, (_, i) =>
      logicProgram(ctx.random.fork(`logic${i}`), `(generated and/or #${i + 1})`),
    );
    const generated = [...loops, ...logic];
    await runCases(ctx, "run", [...written, ...generated], {
      what: `${written.length} written for this stage, ${generated.length} generated from seed ${ctx.seed}`,
    });
  },
});
