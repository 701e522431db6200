// Small helpers for benchmarks: percentiles and the report line format.
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (xs: number[]) => percentile(xs, 50);
export const ms = (x: number) => `${x.toFixed(0)} ms`;

export interface BenchResult {
  name: string;
  lines: string[];
  /** The headline ratio or value, and whether it meets its target. */
  verdict: { value: string; target: string; ok: boolean };
}

export function report(r: BenchResult): void {
  console.log(`\n## ${r.name}`);
  for (const l of r.lines) console.log(`  ${l}`);
  console.log(`  => ${r.verdict.value} (target ${r.verdict.target}) ${r.verdict.ok ? "MET" : "NOT MET"}`);
}
