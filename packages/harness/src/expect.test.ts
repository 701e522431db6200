import { describe, it, expect as vexpect } from "vitest";
import { lineDiff } from "./diff.ts";
import { ExpectationFailed } from "./errors.ts";
import { expect } from "./expect.ts";
import { createRandom } from "./random.ts";

function failure(fn: () => void): ExpectationFailed {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExpectationFailed) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

describe("expect", () => {
  it("passes equal values and fails different ones with expected vs got", () => {
    expect({ a: [1, 2], b: "x" }).toEqual({ b: "x", a: [1, 2] });
    expect("abc").toContain("b");
    expect([{ k: 1 }]).toContain({ k: 1 });
    expect("Hello, BSOD!").toMatch(/^Hello/);
    expect(3).toBeGreaterThan(2);
    expect(1).not.toBe(2);
    vexpect(failure(() => expect(1).toBe(2)).message).toBe("expected 2, got 1");
    vexpect(failure(() => expect("a", { label: "stdout" }).toEqual("b", "look again")).hint).toBe("look again");
    vexpect(failure(() => expect("a", { label: "stdout" }).toEqual("b")).message).toBe('stdout: expected "b", got "a"');
    vexpect(failure(() => expect([1]).not.toContain(1)).message).toBe("expected [1] not to contain 1");
  });

  it("shows a compact line diff for multi-line output", () => {
    const expected = Array.from({ length: 20 }, (_, i) => `line ${i}`).join("\n");
    const actual = expected.replace("line 10", "line ten");
    const f = failure(() => expect(actual).toEqual(expected));
    vexpect(f.message).toBe(
      [
        "output differs from what was expected (- expected, + yours):",
        "  line 9",
        "- line 10",
        "+ line ten",
        "  line 11",
      ].join("\n"),
    );
  });

  it("makes invisible differences visible", () => {
    vexpect(lineDiff("a\nb", "a\nb \r")).toEqual(["  a", "- b", '+ "b \\r"']);
    vexpect(failure(() => expect("Hello\n").toEqual("Hello")).message).toBe('expected "Hello", got "Hello\\n"');
  });
});

describe("seeded random", () => {
  it("is the same for the same seed and differs across seeds", () => {
    const a = createRandom("s:echo");
    const b = createRandom("s:echo");
    const c = createRandom("s:other");
    const draw = (r: ReturnType<typeof createRandom>) => [r.words(5), r.int(0, 1000), r.string(8)];
    const da = draw(a);
    vexpect(draw(b)).toEqual(da);
    vexpect(draw(c)).not.toEqual(da);
    for (let i = 0; i < 1000; i++) {
      const n = a.int(-3, 3);
      vexpect(n >= -3 && n <= 3 && Number.isInteger(n)).toBe(true);
    }
  });
});
