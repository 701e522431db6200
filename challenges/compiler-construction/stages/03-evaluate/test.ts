// Stage 3: evaluate expressions. Written programs for arithmetic, comparison, equality,
// truthiness, concatenation and runtime type errors, then seeded random trees evaluated by the
// harness's reference evaluator (about a third of them end in a runtime error).
import { defineStage } from "@bsod/harness";
import { type LoxCase, runCases } from "../../lib/cases.ts";
import { generatedExprCases } from "../../lib/expr-cases.ts";

const NUM = "a number with no fraction prints without one: 3, not 3.0";

const written: LoxCase[] = [
  { name: "an integer", src: "3", out: "3\n", hint: NUM },
  { name: "a decimal", src: "2.50", out: "2.5\n" },
  { name: "addition", src: "1 + 2", out: "3\n", hint: NUM },
  { name: "precedence", src: "2 + 3 * 4 - 10 / 5", out: "12\n" },
  { name: "left to right", src: "100 - 10 - 1", out: "89\n" },
  { name: "a fraction", src: "7 / 2", out: "3.5\n", hint: "/ is floating-point division: 7 / 2 is 3.5" },
  {
    name: "a repeating fraction",
    src: "1 / 3",
    out: "0.3333333333333333\n",
    hint: "print the shortest decimal that reads back as the same double (Python's repr, %.17g trimmed)",
  },
  { name: "floating-point rounding", src: "0.1 + 0.2", out: "0.30000000000000004\n" },
  { name: "a product that is whole", src: "2.5 * 4", out: "10\n", hint: NUM },
  { name: "negation", src: "-(3 - 10)", out: "7\n" },
  { name: "double negation", src: "--4", out: "4\n" },
  {
    name: "big numbers",
    src: "123456789 * 1000",
    out: "123456789000\n",
    hint: "an integral value prints as an integer even when it is large (no exponent, no .0)",
  },
  { name: "strings", src: '"con" + "cat" + "enation"', out: "concatenation\n" },
  { name: "an empty string", src: '"" + ""', out: "\n" },
  { name: "true", src: "true", out: "true\n" },
  { name: "nil", src: "nil", out: "nil\n" },
  { name: "comparison", src: "1 < 2", out: "true\n" },
  { name: "comparison of equal numbers", src: "2 <= 2 == (2 >= 2) == !(2 > 2)", out: "true\n" },
  { name: "equality of numbers", src: "1 == 1.0", out: "true\n" },
  {
    name: "equality of strings",
    src: '"ab" == "a" + "b"',
    out: "true\n",
    hint: "strings are equal when their characters are",
  },
  {
    name: "different types are not equal",
    src: '1 == "1"',
    out: "false\n",
    hint: "values of different types are never equal (and comparing them is not an error)",
  },
  { name: "nil equals nil", src: "nil == nil", out: "true\n" },
  { name: "nil is not false", src: "nil == false", out: "false\n" },
  { name: "not of nil", src: "!nil", out: "true\n", hint: "nil and false are falsey; everything else is truthy" },
  { name: "zero is truthy", src: "!0", out: "false\n", hint: "0 is truthy in Lox: only nil and false are falsey" },
  {
    name: "the empty string is truthy",
    src: '!""',
    out: "false\n",
    hint: '"" is truthy in Lox: only nil and false are falsey',
  },
  { name: "not equal", src: '"a" != "b"', out: "true\n" },
  {
    name: "negating a string",
    src: '-"five"',
    err: "Operand must be a number.",
    line: 1,
    hint: "unary - needs a number: Operand must be a number.",
  },
  {
    name: "negating a boolean, later in the file",
    src: "1 +\n\n-true",
    err: "Operand must be a number.",
    line: 3,
    hint: "the error's line is the line of the operator",
  },
  { name: "multiplying a string", src: '"a" * 3', err: "Operands must be numbers.", line: 1 },
  {
    name: "comparing strings",
    src: '"a" < "b"',
    err: "Operands must be numbers.",
    line: 1,
    hint: "< > <= >= need two numbers",
  },
  {
    name: "adding a number to a string",
    src: '"total: " + 3',
    err: "Operands must be two numbers or two strings.",
    line: 1,
    hint: "+ takes two numbers or two strings; Lox does not convert",
  },
  { name: "adding nil", src: "nil + nil", err: "Operands must be two numbers or two strings.", line: 1 },
  {
    name: "an error on the line of its operator",
    src: "(1 + 2)\n *\n (true)",
    err: "Operands must be numbers.",
    line: 2,
  },
  {
    name: "the left operand's error comes first",
    src: '-"x" + (nil * 2)',
    err: "Operand must be a number.",
    line: 1,
    hint: "evaluate the left operand before the right one",
  },
  {
    name: "a syntax error is not a runtime error",
    src: "1 + * 2",
    err: "[line 1] Error at '*': Expect expression.",
    hint: "a syntax error is found before anything runs: exit 65",
  },
];

export default defineStage({
  slug: "evaluate",
  async run(ctx) {
    const numbers = generatedExprCases(ctx.random.fork("numbers"), "evaluate", 20, { mixed: 0, depth: 5 });
    const mixed = generatedExprCases(ctx.random.fork("mixed"), "evaluate", 20, { mixed: 0.12, depth: 4 });
    const generated = [...numbers, ...mixed];
    await runCases(ctx, "evaluate", [...written, ...generated], {
      what: `${written.length} written for this stage, ${generated.length} generated from seed ${ctx.seed}`,
    });
  },
});
