// A compact line diff for failure messages: only the changed lines with a little context,
// "-" for what was expected and "+" for what the program produced.
import { quote } from "./format.ts";

const MAX_LINES = 400;
const MAX_SHOWN = 24;

type Op = { kind: " " | "-" | "+"; line: string };

function lcsDiff(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // dp[i][j] = LCS length of a[i:], b[j:]
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = dp[i] as Uint32Array;
    const next = dp[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i] as string });
      i++;
      j++;
    } else if (((dp[i + 1] as Uint32Array)[j] as number) >= ((dp[i] as Uint32Array)[j + 1] as number)) {
      ops.push({ kind: "-", line: a[i++] as string });
    } else {
      ops.push({ kind: "+", line: b[j++] as string });
    }
  }
  while (i < n) ops.push({ kind: "-", line: a[i++] as string });
  while (j < m) ops.push({ kind: "+", line: b[j++] as string });
  return ops;
}

function showLine(line: string): string {
  // Keep plain lines readable; make trailing spaces, \r and control characters visible.
  return /[\x00-\x1f\x7f]|\s$/.test(line) ? quote(line, 200) : line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Lines of a diff between expected and actual text, or [] when they are equal. */
export function lineDiff(expected: string, actual: string): string[] {
  if (expected === actual) return [];
  const a = expected.split("\n");
  const b = actual.split("\n");
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    const k = a.findIndex((l, idx) => l !== b[idx]);
    return [
      `first difference at line ${k + 1}:`,
      `- ${showLine(a[k] ?? "(no line)")}`,
      `+ ${showLine(b[k] ?? "(no line)")}`,
    ];
  }
  const ops = lcsDiff(a, b);
  const keep = new Set<number>();
  ops.forEach((op, idx) => {
    if (op.kind !== " ") for (let d = -1; d <= 1; d++) keep.add(idx + d);
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, idx) => {
    if (!keep.has(idx)) {
      skipped = true;
      return;
    }
    if (skipped && out.length > 0) out.push("  …");
    skipped = false;
    out.push(`${op.kind} ${showLine(op.line)}`);
  });
  if (out.length > MAX_SHOWN) {
    const more = out.length - MAX_SHOWN;
    return [...out.slice(0, MAX_SHOWN), `  … ${more} more diff lines`];
  }
  return out;
}

/** For two single-line strings: where they first differ, as a column and a caret line. */
export function firstDifference(expected: string, actual: string): number {
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) if (expected[i] !== actual[i]) return i;
  return n;
}
