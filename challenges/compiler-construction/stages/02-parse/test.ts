// Stage 2: parse expressions and print the tree. Written programs for precedence,
// associativity and syntax errors, then seeded random trees rendered to source.
import { defineStage } from "@bsod/harness";
import { type LoxCase, runCases } from "../../lib/cases.ts";
import { generatedExprCases } from "../../lib/expr-cases.ts";

const written: LoxCase[] = [
  { name: "a number", src: "42", out: "42.0\n", hint: "a number literal prints with its fraction: 42.0" },
  { name: "a decimal", src: "2.50", out: "2.5\n" },
  { name: "a string", src: '"hello world"', out: "hello world\n", hint: "a string literal prints without its quotes" },
  { name: "true, false and nil", src: "true == (false != nil)", out: "(== true (group (!= false nil)))\n" },
  { name: "a group", src: "(1)", out: "(group 1.0)\n", hint: "parentheses in the source become (group …)" },
  { name: "nested groups", src: '(("a"))', out: "(group (group a))\n" },
  { name: "unary minus", src: "-3", out: "(- 3.0)\n", hint: "-3 is unary minus applied to 3: (- 3.0)" },
  { name: "unary operators nest", src: "!!- -7", out: "(! (! (- (- 7.0))))\n" },
  {
    name: "factor before term",
    src: "1 + 2 * 3",
    out: "(+ 1.0 (* 2.0 3.0))\n",
    hint: "* and / bind tighter than + and -",
  },
  { name: "term before factor on the left", src: "1 * 2 + 3", out: "(+ (* 1.0 2.0) 3.0)\n" },
  {
    name: "subtraction is left-associative",
    src: "10 - 4 - 3",
    out: "(- (- 10.0 4.0) 3.0)\n",
    hint: "operators of one level associate to the left: 10 - 4 - 3 is (10 - 4) - 3",
  },
  { name: "division is left-associative", src: "8 / 4 / 2 * 1", out: "(* (/ (/ 8.0 4.0) 2.0) 1.0)\n" },
  { name: "comparison below term", src: "1 + 2 < 3 - 4", out: "(< (+ 1.0 2.0) (- 3.0 4.0))\n" },
  { name: "equality below comparison", src: "1 < 2 == 3 >= 4", out: "(== (< 1.0 2.0) (>= 3.0 4.0))\n" },
  { name: "equality chains to the left", src: "1 == 2 != 3 == 4", out: "(== (!= (== 1.0 2.0) 3.0) 4.0)\n" },
  { name: "unary binds tightest", src: "-1 * !true", out: "(* (- 1.0) (! true))\n" },
  {
    name: "a group changes precedence",
    src: "(1 + 2) * (3 - -4)",
    out: "(* (group (+ 1.0 2.0)) (group (- 3.0 (- 4.0))))\n",
  },
  { name: "an expression over lines", src: "1\n+\n2\n*\n3", out: "(+ 1.0 (* 2.0 3.0))\n" },
  {
    name: "every level at once",
    src: '!(1 >= 2) == "x" + "y" < 3 * -4 / 5',
    out: "(== (! (group (>= 1.0 2.0))) (< (+ x y) (/ (* 3.0 (- 4.0)) 5.0)))\n",
  },
  {
    name: "a missing operand",
    src: "1 +",
    err: "[line 1] Error at end: Expect expression.",
    hint: "at the end of the file the error says Error at end:",
  },
  { name: "an operator with no left operand", src: "* 2", err: "[line 1] Error at '*': Expect expression." },
  { name: "an unclosed group", src: "(1 + 2", err: "[line 1] Error at end: Expect ')' after expression." },
  { name: "a group closed too soon", src: "(1 2)", err: "[line 1] Error at '2': Expect ')' after expression." },
  { name: "an empty group", src: "()", err: "[line 1] Error at ')': Expect expression." },
  {
    name: "a syntax error on a later line",
    src: "(1 +\n2) *\n\n)",
    err: "[line 4] Error at ')': Expect expression.",
    hint: "the error names the line of the token where the parser got stuck",
  },
  {
    name: "a scanner error stops the parse too",
    src: '1 + "never closed',
    err: "[line 1] Error: Unterminated string.",
    hint: "scanner errors are compile errors too: report them and exit 65",
  },
];
export default defineStage({
  slug: "parse",
  async run(ctx) {
    const generated = generatedExprCases(ctx.random, "parse", 30, { mixed: 0.2, depth: 5 });
    await runCases(ctx, "parse", [...written, ...generated], {
      what: `${written.length} written for this stage, ${generated.length} generated from seed ${ctx.seed}`,
    });
  },
});
