import { describe, expect, it } from "vitest";
import { decayedValue } from "./decay.ts";

describe("decayedValue", () => {
  it("linear: initial − decay × (solvers − 1), floored at the minimum", () => {
    const linear = { function: "linear", initial: 500, decay: 25, minimum: 100 } as const;
    expect(decayedValue(linear, 0)).toBe(500); // nobody yet: s = 0
    expect(decayedValue(linear, 1)).toBe(500); // the first solver is not penalised: s = 0
    expect(decayedValue(linear, 2)).toBe(475); // 500 − 25×1
    expect(decayedValue(linear, 5)).toBe(400); // 500 − 25×4
    expect(decayedValue(linear, 17)).toBe(100); // 500 − 25×16 = 100, exactly the minimum
    expect(decayedValue(linear, 30)).toBe(100); // 500 − 25×29 = −225 → minimum
  });

  it("linear with a fractional decay rounds up", () => {
    const linear = { function: "linear", initial: 100, decay: 2.5, minimum: 10 } as const;
    expect(decayedValue(linear, 2)).toBe(98); // 97.5 → 98
    expect(decayedValue(linear, 3)).toBe(95); // 95
    expect(decayedValue(linear, 4)).toBe(93); // 92.5 → 93
  });

  it("parabolic: ((minimum − initial) / decay²) × s² + initial", () => {
    // (100 − 500) / 20² = −1, so the value is 500 − s²
    const parabolic = { function: "parabolic", initial: 500, decay: 20, minimum: 100 } as const;
    expect(decayedValue(parabolic, 0)).toBe(500);
    expect(decayedValue(parabolic, 1)).toBe(500); // s = 0
    expect(decayedValue(parabolic, 2)).toBe(499); // 500 − 1
    expect(decayedValue(parabolic, 11)).toBe(400); // 500 − 100
    expect(decayedValue(parabolic, 21)).toBe(100); // 500 − 400: the minimum is reached after `decay` more solvers
    expect(decayedValue(parabolic, 50)).toBe(100); // 500 − 2401 = −1901 → minimum
  });

  it("parabolic rounds up, and exactly when the value is a whole number", () => {
    // (100 − 500) / 30² = −4/9
    const parabolic = { function: "parabolic", initial: 500, decay: 30, minimum: 100 } as const;
    expect(decayedValue(parabolic, 2)).toBe(500); // 500 − 4/9 = 499.56 → 500
    expect(decayedValue(parabolic, 4)).toBe(496); // 500 − 4/9 × 9 = 496 exactly
    expect(decayedValue(parabolic, 11)).toBe(456); // 500 − 4/9 × 100 = 455.56 → 456
    expect(decayedValue(parabolic, 31)).toBe(100); // 500 − 400
    // 1000 − (900 / 45²) × 42² = 1000 − 784 = 216; dividing first gives 216.00000000000003 and ceil 217.
    expect(decayedValue({ function: "parabolic", initial: 1000, decay: 45, minimum: 100 }, 43)).toBe(216);
  });

  it("parabolic with a decay of 0 behaves like 1, as CTFd does (no division by zero)", () => {
    const parabolic = { function: "parabolic", initial: 500, decay: 0, minimum: 100 } as const;
    expect(decayedValue(parabolic, 1)).toBe(500);
    expect(decayedValue(parabolic, 2)).toBe(100); // 500 − 400 × 1²
    expect(decayedValue(parabolic, 3)).toBe(100);
  });
});
