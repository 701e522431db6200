// The live board: one row per participant, per-stage cells with solve times and first-solve
// stars, rows that glide to their new rank (FLIP) and a score that pops when it changes.
import { useRef } from "react";
import type { Board, BoardCell, BoardEntry, BoardStage } from "../api/types.ts";
import { useFlip } from "../lib/flip.ts";
import { formatElapsed, formatNumber } from "../lib/format.ts";
import { Link } from "../router.tsx";
import { Icon } from "./icons.tsx";
import "./leaderboard.css";

const SCORED_HIGHLIGHT_MS = 1600;

interface Props {
  board: Board;
  startsAt: number;
  /** The signed-in user's row is outlined. */
  me?: string | undefined;
  /** Compact: no stage columns (overlay, narrow embeds). */
  compact?: boolean;
  max?: number;
  caption?: string;
  /** The animated reveal: this row stands out, and its `stage` cell turns over once solved. */
  highlight?: { username: string; stage?: string } | undefined;
}

export function Leaderboard({ board, startsAt, me, compact = false, max, caption, highlight }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  const entries = max ? board.entries.slice(0, max) : board.entries;
  const signature = entries.map((e) => `${e.user.username}:${e.rank}:${e.score}`).join("|");
  useFlip(body, signature);
  // When each row's score last changed (kept across renders, so a re-render for another
  // reason does not cut the highlight short; idempotent under StrictMode's double render).
  const scores = useRef(new Map<string, { score: number; changedAt: number }>());
  const now = Date.now();
  const changed = new Set<string>();
  for (const e of entries) {
    const seen = scores.current.get(e.user.username);
    if (!seen) scores.current.set(e.user.username, { score: e.score, changedAt: 0 });
    else if (seen.score !== e.score) scores.current.set(e.user.username, { score: e.score, changedAt: now });
    if (now - (scores.current.get(e.user.username)?.changedAt ?? 0) < SCORED_HIGHLIGHT_MS) changed.add(e.user.username);
  }

  const mode = board.jam.scoring.mode;
  return (
    <div className={`board-wrap${compact ? " compact" : ""}`}>
      <table className="board" data-testid="leaderboard">
        <caption className={caption ? "" : "sr-only"}>{caption ?? `${board.jam.title} leaderboard`}</caption>
        <thead>
          <tr>
            <th scope="col" className="col-rank">
              #
            </th>
            <th scope="col" className="col-name">
              Participant
            </th>
            <th scope="col" className="col-score">
              {mode === "stages" ? "Stages" : "Score"}
            </th>
            {!compact &&
              board.stages.map((s) => (
                <th scope="col" key={s.slug} className="col-stage" title={s.title}>
                  <StageHeader stage={s} />
                </th>
              ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {entries.map((e) => (
            <Row
              key={e.user.username}
              entry={e}
              stages={board.stages}
              startsAt={startsAt}
              slug={board.jam.slug}
              mode={mode}
              compact={compact}
              isMe={e.user.username === me}
              scored={changed.has(e.user.username)}
              highlight={highlight?.username === e.user.username ? (highlight.stage ?? "") : undefined}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StageHeader({ stage }: { stage: BoardStage }) {
  return (
    <span className="stage-head">
      <span className="stage-pos">{stage.position}</span>
      <span className="stage-title">{stage.title}</span>
      <span className="stage-solves">{stage.locked ? "locked" : `${stage.solves} solved`}</span>
    </span>
  );
}

function Row(props: {
  entry: BoardEntry;
  stages: BoardStage[];
  startsAt: number;
  slug: string;
  mode: string;
  compact: boolean;
  isMe: boolean;
  scored: boolean;
  /** Set on the highlighted row: the stage being revealed ("" for none). */
  highlight: string | undefined;
}) {
  const { entry: e, stages, compact } = props;
  const classes = [
    props.isMe ? "me" : "",
    props.scored ? "scored" : "",
    e.hidden ? "hidden-row" : "",
    props.highlight !== undefined ? "revealing" : "",
  ];
  const scoreText = props.mode === "stages" ? `${e.stagesCompleted}` : formatNumber(Math.round(e.score));
  return (
    <tr
      data-flip-key={e.user.username}
      data-username={e.user.username}
      className={classes.filter(Boolean).join(" ")}
      aria-current={props.highlight !== undefined ? "true" : undefined}
    >
      <td className={`col-rank rank-${e.rank <= 3 ? e.rank : "n"}`}>{e.rank}</td>
      <th scope="row" className="col-name">
        <Link href={`/jams/${props.slug}/u/${encodeURIComponent(e.user.username)}`} className="who">
          <span className="display-name">{e.user.displayName}</span>
          {e.user.displayName !== e.user.username && <span className="username">@{e.user.username}</span>}
        </Link>
        {e.hidden && <span className="tag">hidden</span>}
        {!compact && <StageDots entry={e} stages={stages} />}
      </th>
      <td className="col-score">
        <span
          key={props.scored ? `s${e.score}` : "s"}
          className={`score${props.scored ? " pop" : ""}`}
          data-testid="score"
        >
          {scoreText}
        </span>
        {props.mode === "stages" && <span className="of">/{stages.length}</span>}
        {e.penaltyMinutes !== undefined && e.penaltyMinutes > 0 && (
          <span className="penalty" title="penalty minutes">
            +{e.penaltyMinutes}′
          </span>
        )}
      </td>
      {!compact &&
        stages.map((s) => (
          <Cell
            key={s.slug}
            cell={e.stages[s.slug]}
            startsAt={props.startsAt}
            stage={s}
            revealed={props.highlight === s.slug}
          />
        ))}
    </tr>
  );
}

/** On narrow screens the stage columns give way to one dot per stage. */
function StageDots({ entry, stages }: { entry: BoardEntry; stages: BoardStage[] }) {
  return (
    <span className="dots" aria-hidden="true">
      {stages.map((s) => {
        const c = entry.stages[s.slug];
        const cls = c?.solvedAt
          ? c.firstSolve
            ? "dot first"
            : "dot ok"
          : c?.pending
            ? "dot pending"
            : c?.failures
              ? "dot bad"
              : "dot";
        return <span key={s.slug} className={cls} />;
      })}
    </span>
  );
}

function Cell(props: { cell: BoardCell | undefined; startsAt: number; stage: BoardStage; revealed: boolean }) {
  const { cell, startsAt, stage } = props;
  if (cell?.solvedAt) {
    return (
      <td className={`col-stage solved${cell.firstSolve ? " first" : ""}${props.revealed ? " revealed" : ""}`}>
        <span className="cell-main">
          {cell.firstSolve ? <Icon name="star" label="first solve" className="first-mark" /> : <Icon name="check" />}
          <span className="sr-only">solved {stage.title} at</span>
          <span className="time">{formatElapsed(cell.solvedAt - startsAt)}</span>
        </span>
        <span className="cell-sub">
          {cell.metric
            ? `${cell.metric.value}${stage.metric?.unit ? ` ${stage.metric.unit}` : ""} · #${cell.metric.rank}`
            : cell.points && stage.value !== 1
              ? `${formatNumber(Math.round(cell.points))} pts`
              : cell.failures
                ? `${cell.failures + 1} tries`
                : ""}
        </span>
      </td>
    );
  }
  if (cell?.pending) {
    // Tried after the freeze: the result stays hidden until the reveal.
    return (
      <td className={`col-stage pending${props.revealed ? " revealed" : ""}`} data-pending={cell.pending}>
        <span className="cell-main">
          <Icon name="hourglass" /> ?
        </span>
        <span className="cell-sub">
          {cell.failures ? `${cell.failures} + ` : ""}
          {cell.pending} after freeze
        </span>
        <span className="sr-only">
          {cell.pending} {cell.pending === 1 ? "try" : "tries"} after the freeze, result hidden until the reveal
        </span>
      </td>
    );
  }
  if (cell?.failures) {
    return (
      <td className="col-stage tried">
        <span className="cell-main">
          <Icon name="cross" /> {cell.failures}
        </span>
        <span className="sr-only">{cell.failures} failed tries</span>
      </td>
    );
  }
  return (
    <td className="col-stage empty-cell">
      <span aria-hidden="true">·</span>
      <span className="sr-only">not solved</span>
    </td>
  );
}
