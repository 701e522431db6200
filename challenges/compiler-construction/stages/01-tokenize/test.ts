// Stage 1: tokenize. Hand-written programs for each token kind and error, then seeded token
// soup whose expected listing comes from the harness's own scanner.
import { defineStage } from "@bsod/harness";
import { type LoxCase, runCases } from "../../lib/cases.ts";
import { tokenSoup } from "../../lib/gen.ts";
import { tokenize } from "../../lib/lox-ref.ts";

const lines = (...ls: string[]) => `${ls.join("\n")}\n`;

const written: LoxCase[] = [
  { name: "an empty file", src: "", out: lines("1 EOF  null"), hint: "even an empty file ends with the EOF token" },
  {
    name: "parentheses and braces",
    src: "(){}",
    out: lines(
      "1 LEFT_PAREN ( null",
      "1 RIGHT_PAREN ) null",
      "1 LEFT_BRACE { null",
      "1 RIGHT_BRACE } null",
      "1 EOF  null",
    ),
  },
  {
    name: "single-character operators",
    src: ",.-+;*/",
    out: lines(
      "1 COMMA , null",
      "1 DOT . null",
      "1 MINUS - null",
      "1 PLUS + null",
      "1 SEMICOLON ; null",
      "1 STAR * null",
      "1 SLASH / null",
      "1 EOF  null",
    ),
  },
  {
    name: "one- and two-character operators",
    src: "! != = == < <= > >= ===!",
    out: lines(
      "1 BANG ! null",
      "1 BANG_EQUAL != null",
      "1 EQUAL = null",
      "1 EQUAL_EQUAL == null",
      "1 LESS < null",
      "1 LESS_EQUAL <= null",
      "1 GREATER > null",
      "1 GREATER_EQUAL >= null",
      "1 EQUAL_EQUAL == null",
      "1 EQUAL = null",
      "1 BANG ! null",
      "1 EOF  null",
    ),
    hint: "=== is == then =: take the longest operator that matches",
  },
  {
    name: "a comment runs to the end of the line",
    src: "a // b c ( \nd/e",
    out: lines("1 IDENTIFIER a null", "2 IDENTIFIER d null", "2 SLASH / null", "2 IDENTIFIER e null", "2 EOF  null"),
  },
  {
    name: "a comment on the last line, with no newline after it",
    src: "1// the end",
    out: lines("1 NUMBER 1 1.0", "1 EOF  null"),
  },
  {
    name: "whitespace and line numbers",
    src: "\n\n  x\t\r\n\n y \n",
    out: lines("3 IDENTIFIER x null", "5 IDENTIFIER y null", "6 EOF  null"),
    hint: "count lines from 1; every \\n starts the next one, and EOF is on the last line",
  },
  {
    name: "every keyword",
    src: "and class else false for fun if nil or print return super this true var while",
    out: lines(
      "1 AND and null",
      "1 CLASS class null",
      "1 ELSE else null",
      "1 FALSE false null",
      "1 FOR for null",
      "1 FUN fun null",
      "1 IF if null",
      "1 NIL nil null",
      "1 OR or null",
      "1 PRINT print null",
      "1 RETURN return null",
      "1 SUPER super null",
      "1 THIS this null",
      "1 TRUE true null",
      "1 VAR var null",
      "1 WHILE while null",
      "1 EOF  null",
    ),
  },
  {
    name: "identifiers that start like keywords",
    src: "orchid classy _var var_ iffy Print NIL fun2 _ __x9",
    out: lines(
      "1 IDENTIFIER orchid null",
      "1 IDENTIFIER classy null",
      "1 IDENTIFIER _var null",
      "1 IDENTIFIER var_ null",
      "1 IDENTIFIER iffy null",
      "1 IDENTIFIER Print null",
      "1 IDENTIFIER NIL null",
      "1 IDENTIFIER fun2 null",
      "1 IDENTIFIER _ null",
      "1 IDENTIFIER __x9 null",
      "1 EOF  null",
    ),
    hint: "an identifier is the longest run of letters, digits and _; only an exact keyword is a keyword, and case matters",
  },
  {
    name: "numbers",
    src: "0 7 42 3.14 1.50 007 12.000 0.5",
    out: lines(
      "1 NUMBER 0 0.0",
      "1 NUMBER 7 7.0",
      "1 NUMBER 42 42.0",
      "1 NUMBER 3.14 3.14",
      "1 NUMBER 1.50 1.5",
      "1 NUMBER 007 7.0",
      "1 NUMBER 12.000 12.0",
      "1 NUMBER 0.5 0.5",
      "1 EOF  null",
    ),
    hint: "the literal column shows the number's value: integers with .0 (42.0), others without trailing zeros (1.5)",
  },
  {
    name: "a dot that is not part of a number",
    src: "1. .5 a.b 2.x",
    out: lines(
      "1 NUMBER 1 1.0",
      "1 DOT . null",
      "1 DOT . null",
      "1 NUMBER 5 5.0",
      "1 IDENTIFIER a null",
      "1 DOT . null",
      "1 IDENTIFIER b null",
      "1 NUMBER 2 2.0",
      "1 DOT . null",
      "1 IDENTIFIER x null",
      "1 EOF  null",
    ),
    hint: "a number's fraction needs a digit after the dot: 1. is NUMBER 1 then DOT, and .5 is DOT then NUMBER 5",
  },
  {
    name: "strings",
    src: '"" "hello" "two words" "with // no comment" "1 + 2"',
    out: lines(
      '1 STRING "" ',
      '1 STRING "hello" hello',
      '1 STRING "two words" two words',
      '1 STRING "with // no comment" with // no comment',
      '1 STRING "1 + 2" 1 + 2',
      "1 EOF  null",
    ),
    hint: "a STRING's lexeme keeps the quotes, its literal does not",
  },
  {
    name: "a string over several lines",
    src: 'x "one\ntwo\nthree" y',
    out: lines(
      "1 IDENTIFIER x null",
      '1 STRING "one\ntwo\nthree" one\ntwo\nthree',
      "3 IDENTIFIER y null",
      "3 EOF  null",
    ),
    hint: "a string token has the line it starts on, and the newlines inside it still count for what follows",
  },
  {
    name: "an unterminated string",
    src: 'print "never closed;\n1',
    out: lines("1 PRINT print null", "2 EOF  null"),
    errs: ["[line 2] Error: Unterminated string."],
    hint: "an unterminated string is reported on the line where the file ends, and exits 65",
  },
  {
    name: "an unexpected character, and the scan goes on",
    src: "a @ b",
    out: lines("1 IDENTIFIER a null", "1 IDENTIFIER b null", "1 EOF  null"),
    errs: ["[line 1] Error: Unexpected character."],
    hint: "report the bad character on stderr, keep scanning, print every token, then exit 65",
  },
  {
    name: "several errors on several lines",
    src: "#\n(\n$ %\n)",
    out: lines("2 LEFT_PAREN ( null", "4 RIGHT_PAREN ) null", "4 EOF  null"),
    errs: [
      "[line 1] Error: Unexpected character.",
      "[line 3] Error: Unexpected character.",
      "[line 3] Error: Unexpected character.",
    ],
  },
  {
    name: "a statement",
    src: 'var greeting = "hi" + name;\nprint greeting != nil;',
    out: lines(
      "1 VAR var null",
      "1 IDENTIFIER greeting null",
      "1 EQUAL = null",
      '1 STRING "hi" hi',
      "1 PLUS + null",
      "1 IDENTIFIER name null",
      "1 SEMICOLON ; null",
      "2 PRINT print null",
      "2 IDENTIFIER greeting null",
      "2 BANG_EQUAL != null",
      "2 NIL nil null",
      "2 SEMICOLON ; null",
      "2 EOF  null",
    ),
  },
  {
    name: "no spaces between tokens",
    src: "if(x>=10){y=x*2.5;}else{y=-1;}",
    out: lines(
      "1 IF if null",
      "1 LEFT_PAREN ( null",
      "1 IDENTIFIER x null",
      "1 GREATER_EQUAL >= null",
      "1 NUMBER 10 10.0",
      "1 RIGHT_PAREN ) null",
      "1 LEFT_BRACE { null",
      "1 IDENTIFIER y null",
      "1 EQUAL = null",
      "1 IDENTIFIER x null",
      "1 STAR * null",
      "1 NUMBER 2.5 2.5",
      "1 SEMICOLON ; null",
      "1 RIGHT_BRACE } null",
      "1 ELSE else null",
      "1 LEFT_BRACE { null",
      "1 IDENTIFIER y null",
      "1 EQUAL = null",
      "1 MINUS - null",
      "1 NUMBER 1 1.0",
      "1 SEMICOLON ; null",
      "1 RIGHT_BRACE } null",
      "1 EOF  null",
    ),
  },
];

export default defineStage({
  slug: "tokenize",
  async run(ctx) {
    const generated: LoxCase[] = [];
    for (let i = 0; i < 30; i++) {
      const r = ctx.random.fork(`soup${i}`);
      const src = tokenSoup(r, r.int(3, 40), i % 3 === 2);
      const { stdout, errors } = tokenize(src);
      generated.push({
        name: `(generated #${i + 1})`,
        src,
        out: stdout,
        ...(errors.length ? { errs: errors } : {}),
      });
    }
    await runCases(ctx, "tokenize", [...written, ...generated], {
      what: `${written.length} written for this stage, ${generated.length} generated from seed ${ctx.seed}`,
    });
  },
});
