// The track's own harness code, without a sandbox: the judge names the usual mistakes, the
// generators' expected output agrees with the harness's scanner and evaluator, the baseline VM
// runs the benchmarks right, and listings are read as the stage page says.
import { createRandom } from "@bsod/harness";
import { describe, expect, it } from "vitest";
import { judge, type LoxCase, prints } from "../../lib/cases.ts";
import { generatedExprCases } from "../../lib/expr-cases.ts";
import { logicProgram, loopProgram, scopeProgram } from "../../lib/gen-programs.ts";
import { parseListing } from "../../lib/listing.ts";
import { evaluate, formatNumber, tokenize } from "../../lib/lox-ref.ts";
import { LoxRuntimeError, runProgram } from "../../lib/refvm/vm.ts";
import { benchmarks } from "../../stages/10-performance/test.ts";

const ok = (stdout: string, exitCode = 0, stderr = "") => ({ stdout, stderr, exitCode, signal: null });

describe("judge", () => {
  const three = prints("an integer", "3", ["3"]);

  it("passes the right output and names 1.0 printed for 1", () => {
    expect(judge(three, "evaluate", ok("3\n"))).toBe(null);
    expect(judge(three, "evaluate", ok("3.0\n"))?.hint).toMatch(/not 1\.0/);
  });

  it("names an error printed on stdout", () => {
    const c: LoxCase = { name: "bad", src: "-nil", err: "Operand must be a number.", line: 1 };
    expect(judge(c, "evaluate", ok("Operand must be a number.\n[line 1]\n", 70))?.why).toBe(
      "the error message was printed on stdout",
    );
  });

  it("names a runtime error that exits 65 and a compile error that exits 70", () => {
    const runtime: LoxCase = { name: "r", src: "-nil", err: "Operand must be a number.", line: 1 };
    const compile: LoxCase = { name: "c", src: "1 +", err: "[line 1] Error at end: Expect expression." };
    expect(judge(runtime, "evaluate", ok("", 65, "Operand must be a number.\n[line 1]\n"))?.hint).toMatch(/exits 70/);
    expect(judge(compile, "evaluate", ok("", 70, "[line 1] Error at end: Expect expression.\n"))?.hint).toMatch(
      /exit 65/,
    );
    expect(judge(runtime, "evaluate", ok("", 70, "Operand must be a number.\n[line 2]\n"))?.why).toMatch(/\[line 1\]/);
  });
});

describe("generators", () => {
  it("render expressions that scan cleanly and evaluate to what the case expects", () => {
    const r = createRandom("unit");
    for (const c of generatedExprCases(r, "evaluate", 200, { mixed: 0.2, depth: 5 })) {
      expect(tokenize(c.src).errors).toEqual([]);
      expect(c.out !== undefined || c.err !== undefined).toBe(true);
    }
  });

  it("write programs whose expected output the reference VM agrees with", () => {
    for (let i = 0; i < 60; i++) {
      const r = createRandom(`unit-${i}`);
      for (const c of [scopeProgram(r.fork("s"), "s"), loopProgram(r.fork("l"), "l"), logicProgram(r.fork("o"), "o")]) {
        expect(runProgram(c.src), c.src).toBe(c.out);
      }
    }
  });

  it("format numbers the way print shows them", () => {
    expect([3, 2.5, 1 / 3, 0.1 + 0.2, 123456789000, -0].map(formatNumber)).toEqual([
      "3",
      "2.5",
      "0.3333333333333333",
      "0.30000000000000004",
      "123456789000",
      "-0",
    ]);
    expect(evaluate({ kind: "literal", value: 1 })).toBe(1);
  });
});

describe("the reference VM", () => {
  it("prints a benchmark's answer (the stage checks all of them on every run)", () => {
    const b = benchmarks.find((x) => x.name === "string building");
    expect(b && runProgram(b.src)).toBe(b?.out);
  });

  it("reports a runtime error with its line and keeps what was printed before", () => {
    let caught: unknown;
    try {
      runProgram('print "before";\nprint 1 +\n  nil;');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LoxRuntimeError);
    expect((caught as LoxRuntimeError).message).toBe("Operands must be two numbers or two strings.\n[line 2]");
    expect((caught as LoxRuntimeError).output).toBe("before\n");
  });
});

describe("listings", () => {
  it("reads instruction lines, | as the line above, and skips headers", () => {
    const ins = parseListing("== <script> ==\n0000    1 CONSTANT 0 '4817'\n0003    | PRINT\n0004    2 nil\n");
    expect(ins.map((i) => [i.offset, i.line, i.op])).toEqual([
      [0, 1, "CONSTANT"],
      [3, 1, "PRINT"],
      [4, 2, "NIL"],
    ]);
  });
});
