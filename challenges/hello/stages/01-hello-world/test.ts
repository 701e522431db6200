// Stage 1: the program prints exactly "Hello, BSOD!\n". The checks below name the usual
// mistakes before falling back to a plain expected-vs-got diff.
import { defineStage } from "@bsod/harness";

const GREETING = "Hello, BSOD!";
const EXPECTED = `${GREETING}\n`;

/** The usual mistakes, as [test, message, hint]. */
function diagnose(out: string): { message: string; hint: string } | undefined {
  if (out === "") {
    return {
      message: "your program printed nothing on stdout",
      hint: `print exactly ${JSON.stringify(EXPECTED)} — in Python print("${GREETING}"), in C printf("${GREETING}\\n")`,
    };
  }
  if (out === GREETING) {
    return {
      message: "the newline at the end is missing",
      hint: "end the line with \\n (Python's print() and C's puts() add it for you; printf() does not)",
    };
  }
  if (out === `${GREETING}\r\n`) {
    return { message: "your line ends with \\r\\n; print a plain \\n", hint: "do not add \\r yourself" };
  }
  const firstLine = out.split("\n")[0] ?? "";
  if (firstLine.startsWith(GREETING) && out.startsWith(EXPECTED) === false && firstLine !== GREETING) {
    return {
      message: `there is extra text after the greeting on the same line: ${JSON.stringify(firstLine)}`,
      hint: "print the greeting alone on its line",
    };
  }
  if (out.startsWith(EXPECTED)) {
    return {
      message: `the greeting is right, but your program printed more after it: ${JSON.stringify(out.slice(EXPECTED.length, EXPECTED.length + 80))}`,
      hint: "print exactly one line; send debug output to stderr instead",
    };
  }
  if (out.includes(EXPECTED)) {
    return {
      message: `your program printed something before the greeting: ${JSON.stringify(out.slice(0, out.indexOf(EXPECTED)).slice(0, 80))}`,
      hint: "print exactly one line; send debug output to stderr instead",
    };
  }
  const line = firstLine.replace(/\r$/, "");
  if (line.trim() === GREETING) {
    return {
      message: `remove the spaces around the greeting: got ${JSON.stringify(line)}`,
      hint: "the comparison is exact",
    };
  }
  if (/^hello\s+bsod!?$/i.test(line)) {
    return {
      message: `the comma after "Hello" is missing: got ${JSON.stringify(line)}`,
      hint: `expected ${JSON.stringify(GREETING)}`,
    };
  }
  if (line.toLowerCase() === GREETING.toLowerCase()) {
    return {
      message: `the letters' case differs: got ${JSON.stringify(line)}`,
      hint: `capital H, and BSOD in capitals: ${JSON.stringify(GREETING)}`,
    };
  }
  if (line === "Hello, BSOD") {
    return { message: "the exclamation mark is missing", hint: `expected ${JSON.stringify(GREETING)}` };
  }
  if (/^hello,\s*world!?$/i.test(line)) {
    return {
      message: "close, but this is not the classic: greet BSOD, not the world",
      hint: `expected ${JSON.stringify(GREETING)}`,
    };
  }
  return undefined;
}

export default defineStage({
  slug: "hello-world",
  title: "Hello, BSOD!",
  async run({ program, log, expect, fail }) {
    log.step("$ ./your_program");
    const { stdout } = await program.run([]);
    if (stdout !== EXPECTED) {
      const known = diagnose(stdout);
      if (known) fail(known.message, known.hint);
      expect(stdout, { hint: `print exactly ${JSON.stringify(EXPECTED)}`, label: "stdout" }).toEqual(EXPECTED);
    }
    log.pass(`printed ${JSON.stringify(EXPECTED)}`);
  },
});
