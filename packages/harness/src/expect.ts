// Assertions for stage tests. A failed assertion ends the stage with verdict `failed`, a message
// showing what was expected and what the program did (with a compact diff), and the author's hint.
import { lineDiff } from "./diff.ts";
import { ExpectationFailed } from "./errors.ts";
import { describe, pretty } from "./format.ts";

export interface ExpectOptions {
  /** The headline of the failure, written for the participant (replaces "expected X, got Y"). */
  message?: string;
  /** A hint shown under the message: the usual mistake, where to look. */
  hint?: string;
  /** What is being checked, e.g. "stdout" or "reply to PING"; prefixes the default headline. */
  label?: string;
}

export interface Matchers<T> {
  /** Deep equality (arrays, plain objects, buffers, protocol values). */
  toEqual(expected: T, hint?: string): void;
  /** Identity (Object.is). */
  toBe(expected: T, hint?: string): void;
  /** A substring of a string, or an element (deep-equal) of an array. */
  toContain(item: unknown, hint?: string): void;
  /** A regular expression (or substring) the string must match. */
  toMatch(pattern: RegExp | string, hint?: string): void;
  toBeGreaterThan(n: number | bigint, hint?: string): void;
  toBeLessThan(n: number | bigint, hint?: string): void;
  toBeTruthy(hint?: string): void;
  /** The same matchers, negated. */
  readonly not: Matchers<T>;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof RegExp || b instanceof RegExp || a instanceof Date || b instanceof Date) {
    return String(a) === String(b);
  }
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function isMultiline(v: unknown): boolean {
  if (typeof v === "string") return v.replace(/\n$/, "").includes("\n");
  return typeof v === "object" && v !== null && pretty(v).includes("\n");
}

function mismatch(expected: unknown, actual: unknown, label: string | undefined): string {
  const prefix = label ? `${label}: ` : "";
  if ((typeof expected === "string" && typeof actual === "string") || (isMultiline(expected) && isMultiline(actual))) {
    if (isMultiline(expected) || isMultiline(actual)) {
      const diff = lineDiff(pretty(expected), pretty(actual));
      return `${prefix}output differs from what was expected (- expected, + yours):\n${diff.join("\n")}`;
    }
  }
  return `${prefix}expected ${describe(expected)}, got ${describe(actual)}`;
}

function compare(a: unknown, b: unknown): number | undefined {
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return undefined;
}

function matchers<T>(actual: T, options: ExpectOptions, negated: boolean): Matchers<T> {
  const check = (ok: boolean, defaultMessage: () => string, hint: string | undefined): void => {
    if (ok !== negated) return;
    const details = defaultMessage();
    const message = options.message ? `${options.message}\n${details}` : details;
    throw new ExpectationFailed(message, { hint: hint ?? options.hint });
  };
  const not = negated ? "not " : "";
  const label = options.label ? `${options.label}: ` : "";
  const self: Matchers<T> = {
    toEqual(expected, hint) {
      check(
        deepEqual(actual, expected),
        () =>
          negated ? `${label}expected anything but ${describe(expected)}` : mismatch(expected, actual, options.label),
        hint,
      );
    },
    toBe(expected, hint) {
      check(
        Object.is(actual, expected),
        () =>
          negated ? `${label}expected anything but ${describe(expected)}` : mismatch(expected, actual, options.label),
        hint,
      );
    },
    toContain(item, hint) {
      let ok: boolean;
      if (typeof actual === "string") ok = typeof item === "string" && actual.includes(item);
      else if (Array.isArray(actual)) ok = actual.some((x) => deepEqual(x, item));
      else ok = false;
      check(ok, () => `${label}expected ${describe(actual)} ${not}to contain ${describe(item)}`, hint);
    },
    toMatch(pattern, hint) {
      const ok =
        typeof actual === "string" &&
        (typeof pattern === "string"
          ? actual.includes(pattern)
          : new RegExp(pattern.source, pattern.flags.replace("g", "")).test(actual));
      check(ok, () => `${label}expected ${describe(actual)} ${not}to match ${describe(pattern)}`, hint);
    },
    toBeGreaterThan(n, hint) {
      const c = compare(actual, n);
      check(
        c !== undefined && c > 0,
        () => `${label}expected ${describe(actual)} ${not}to be greater than ${describe(n)}`,
        hint,
      );
    },
    toBeLessThan(n, hint) {
      const c = compare(actual, n);
      check(
        c !== undefined && c < 0,
        () => `${label}expected ${describe(actual)} ${not}to be less than ${describe(n)}`,
        hint,
      );
    },
    toBeTruthy(hint) {
      check(Boolean(actual), () => `${label}expected ${describe(actual)} ${not}to be truthy`, hint);
    },
    get not() {
      return matchers(actual, options, !negated);
    },
  };
  return self;
}

/** `expect(actual, { hint, message, label })` — see {@link Matchers}. */
export function expect<T>(actual: T, options: ExpectOptions = {}): Matchers<T> {
  return matchers(actual, options, false);
}
