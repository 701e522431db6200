// Score over time for the top 10, as step lines (uPlot: small and fast on a canvas).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ProgressSeries } from "../api/types.ts";
import "./progress-chart.css";

export const PALETTE = [
  "#ffcc33",
  "#4cc9f0",
  "#f72585",
  "#80ed99",
  "#b388ff",
  "#ff8c42",
  "#00f5d4",
  "#ff5d8f",
  "#c0ca33",
  "#90caf9",
];

/**
 * Where the x axis starts: the jam's start, unless the first solve came much later (a long
 * jam, a late joiner), then a little before the first solve so the lines are not squashed.
 */
export function chartStart(series: ProgressSeries[], until: number): number {
  const times = series.flatMap((s) => s.points.filter(([, v]) => v > 0).map(([t]) => t));
  const start = Math.min(...series.map((s) => s.points[0]?.[0] ?? until));
  if (times.length === 0) return start;
  const first = Math.min(...times);
  return Math.max(start, first - Math.max(60_000, 0.15 * (until - first)));
}

/** uPlot wants one shared x axis: every series is forward-filled onto the union of times. */
export function alignSeries(series: ProgressSeries[], until: number): uPlot.AlignedData {
  const from = chartStart(series, until);
  const xs = new Set<number>([from]);
  for (const s of series) for (const [t] of s.points) if (t > from) xs.add(t);
  xs.add(until);
  const times = [...xs].sort((a, b) => a - b);
  const columns = series.map((s) => {
    let i = 0;
    let v: number | null = null;
    return times.map((t) => {
      while (i < s.points.length && s.points[i]![0] <= t) {
        v = s.points[i]![1];
        i++;
      }
      return v;
    });
  });
  return [times.map((t) => t / 1000), ...columns];
}

export function ProgressChart({
  series,
  until,
  height = 260,
}: {
  series: ProgressSeries[];
  until: number;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ series, until });
  latest.current = { series, until };
  const shape = series.map((s) => s.username).join(",");

  // Rebuilt only when the set of lines changes; new points are fed with setData below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the series' identity
  useEffect(() => {
    const el = box.current;
    const { series, until } = latest.current;
    if (!el || series.length === 0) return;
    const css = getComputedStyle(document.documentElement);
    const grid = css.getPropertyValue("--line").trim() || "#26304d";
    const text = css.getPropertyValue("--muted").trim() || "#9aa4c4";
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const u = new uPlot(
      {
        width: el.clientWidth || 600,
        height,
        cursor: { drag: { x: false, y: false } },
        legend: { live: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [axis, { ...axis, size: 44 }],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.displayName,
            stroke: PALETTE[i % PALETTE.length]!,
            width: 2,
            paths: uPlot.paths.stepped!({ align: 1 }),
            points: { show: false },
          })),
        ],
      },
      alignSeries(series, until),
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(alignSeries(series, until));
  }, [series, until]);

  const leader = series[0];
  return (
    <figure className="chart">
      <div
        ref={box}
        role="img"
        aria-label={
          leader
            ? `Score over time for the top ${series.length}; ${leader.displayName} leads with ${leader.points.at(-1)?.[1] ?? 0}`
            : "No scores yet"
        }
      />
    </figure>
  );
}
