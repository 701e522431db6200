// Per-stage statistics: solves, attempts, solve rate and median time to solve.
import type { StageStat } from "../api/types.ts";
import { formatElapsed } from "../lib/format.ts";
import "./stage-stats.css";

export function StageStats({ stats }: { stats: StageStat[] }) {
  const max = Math.max(1, ...stats.map((s) => s.attempts));
  return (
    <table className="stats">
      <caption className="sr-only">Statistics per stage</caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Solves</th>
          <th scope="col">Tries</th>
          <th scope="col">Median</th>
        </tr>
      </thead>
      <tbody>
        {stats.map((s) => (
          <tr key={s.slug}>
            <th scope="row">
              <span className="stage-pos">{s.position}</span> {s.title}
              <span className="bar" aria-hidden="true">
                <span className="bar-tries" style={{ width: `${(100 * s.attempts) / max}%` }} />
                <span className="bar-solves" style={{ width: `${(100 * s.solves) / max}%` }} />
              </span>
            </th>
            <td className="num">{s.solves}</td>
            <td className="num">{s.attempts}</td>
            <td className="num">{s.medianTimeToSolveMs === null ? "—" : formatElapsed(s.medianTimeToSolveMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
