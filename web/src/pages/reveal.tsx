// The animated reveal for the big screen, ICPC-resolver style: the frozen board, then one solve after
// the freeze per press of Space, → or Next (or on a timer). The api orders and ranks the steps; here
// the row lights up, its cell turns over, then the row glides to its new place (the board's FLIP).
import { useEffect, useReducer, useRef, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useJam, useReveal } from "../api/queries.ts";
import type { Board, BoardEntry, JamDetail, RevealStep, RevealView } from "../api/types.ts";
import { FullScreenButton } from "../components/full-screen-button.tsx";
import { Icon } from "../components/icons.tsx";
import { Leaderboard } from "../components/leaderboard.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { reducedMotion } from "../lib/flip.ts";
import { applyStep, flipCells } from "../lib/reveal-steps.ts";
import { useRootClass } from "../lib/use-root-class.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import "./tv.css";
import "./reveal.css";

/** How long the row stands out before its cell turns, and the cell shows before the row moves. */
const HIGHLIGHT_MS = 700;
const FLIP_MS = 900;
const AUTOPLAY_SECONDS = [3, 5, 8, 13];

interface Show {
  view: RevealView;
  /** Steps applied to `board`. */
  applied: number;
  /** How far the next step (steps[applied]) has got. */
  phase: "waiting" | "highlight" | "flip";
  board: Board;
  last: RevealStep | null;
}

type Action = { type: "next"; instant: boolean } | { type: "flip" } | { type: "settle" } | { type: "restart" };

/** With reduced motion a step is shown whole at once. */
const nextStep = (): Action => ({ type: "next", instant: reducedMotion() });

function start(view: RevealView): Show {
  // Nothing was solved after the freeze: there is nothing to animate, only the final board to show.
  const board = view.steps.length === 0 ? view.final : view.frozen;
  return { view, applied: 0, phase: "waiting", board, last: null };
}

function settle(s: Show): Show {
  const step = s.view.steps[s.applied];
  if (s.phase === "waiting" || !step) return s;
  const applied = s.applied + 1;
  // The final board also has what no step reveals (failures at stages never solved).
  const board = applied === s.view.steps.length ? s.view.final : applyStep(s.board, step);
  return { ...s, applied, phase: "waiting", board, last: step };
}

function advance(s: Show, action: Action): Show {
  switch (action.type) {
    case "next": {
      const settled = settle(s);
      if (settled.applied >= settled.view.steps.length) return settled;
      const started: Show = { ...settled, phase: "highlight" };
      return action.instant ? settle(started) : started;
    }
    case "flip":
      return s.phase === "highlight" ? { ...s, phase: "flip" } : s;
    case "settle":
      return settle(s);
    case "restart":
      return start(s.view);
  }
}

export function RevealPage({ slug }: { slug: string }) {
  const jam = useJam(slug);
  const reveal = useReveal(slug);
  useTitle(jam.data ? `${jam.data.title} — reveal` : undefined);
  useRootClass("tv-mode");

  let body: React.ReactNode;
  if (jam.isLoading || reveal.isLoading) body = <Loading label="Preparing the reveal…" />;
  else if (jam.error) body = <ErrorBox error={jam.error} />;
  else if (reveal.error) body = <NotYet slug={slug} error={reveal.error} />;
  else body = <RevealShow jam={jam.data!} view={reveal.data!} />;
  return (
    <main className="tv reveal" id="main">
      {body}
    </main>
  );
}

function NotYet({ slug, error }: { slug: string; error: unknown }) {
  if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 409)) return <ErrorBox error={error} />;
  return (
    <div className="callout reveal-closed" role="alert">
      <h1>No reveal to show</h1>
      <p>{`${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`}</p>
      <p>
        <Link href={`/jams/${slug}`}>Back to the jam</Link>
      </p>
    </div>
  );
}

function RevealShow({ jam, view }: { jam: JamDetail; view: RevealView }) {
  const [show, dispatch] = useReducer(advance, view, start);
  const [autoplay, setAutoplay] = useState(false);
  const [podiumShown, setPodiumShown] = useState(true);
  const [every, setEvery] = useState(AUTOPLAY_SECONDS[1]!);
  const boardBox = useRef<HTMLDivElement>(null);
  const total = view.steps.length;
  const done = show.applied >= total;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a step started while another was showing restarts the timers
  useEffect(() => {
    if (show.phase === "waiting") return;
    const timer =
      show.phase === "highlight"
        ? setTimeout(() => dispatch({ type: "flip" }), HIGHLIGHT_MS)
        : setTimeout(() => dispatch({ type: "settle" }), FLIP_MS);
    return () => clearTimeout(timer);
  }, [show.phase, show.applied]);

  useEffect(() => {
    if (!autoplay || done) {
      if (done) setAutoplay(false);
      return;
    }
    const timer = setInterval(() => dispatch(nextStep()), every * 1000);
    return () => clearInterval(timer);
  }, [autoplay, done, every]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target instanceof Element ? e.target : null;
      // Space already presses a focused button or ticks a box; arrows move inside a list.
      const keepsSpace = target?.closest("button, a, input, select, textarea, summary");
      const keepsArrows = target?.closest("input, select, textarea");
      if ((e.key === " " && !keepsSpace) || (e.key === "ArrowRight" && !keepsArrows)) {
        e.preventDefault();
        dispatch(nextStep());
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const current = show.phase === "waiting" ? show.last : (view.steps[show.applied] ?? null);
  const board = show.phase === "flip" && current ? flipCells(show.board, current) : show.board;
  const highlight = current ? { username: current.username, stage: current.stage } : undefined;
  const followed = highlight?.username;

  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the row to its new place after each step too
  useEffect(() => {
    if (!followed) return;
    const row = boardBox.current?.querySelector(`tr[data-username="${CSS.escape(followed)}"]`);
    row?.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
  }, [followed, show.applied]);

  return (
    <>
      <header className="tv-head">
        <h1>{jam.title}</h1>
        <div className="tv-meta reveal-controls">
          <span className="badge phase-frozen">Reveal</span>
          <span className="reveal-count">
            {total === 0 ? "No solves after the freeze" : `Step ${show.applied} of ${total}`}
          </span>
          <button type="button" className="btn primary" onClick={() => dispatch(nextStep())} disabled={done}>
            Next solve
          </button>
          <label className="reveal-auto">
            <input type="checkbox" checked={autoplay} disabled={done} onChange={(e) => setAutoplay(e.target.checked)} />
            Autoplay
          </label>
          <label className="reveal-auto">
            <span className="sr-only">Autoplay interval</span>
            <select value={every} onChange={(e) => setEvery(Number(e.target.value))}>
              {AUTOPLAY_SECONDS.map((s) => (
                <option key={s} value={s}>
                  every {s} s
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn ghost small"
            disabled={show.applied === 0 && show.phase === "waiting"}
            onClick={() => {
              setPodiumShown(true);
              dispatch({ type: "restart" });
            }}
          >
            Start over
          </button>
          <FullScreenButton />
        </div>
      </header>
      {view.revealedAt === null && (
        <p className="banner frozen reveal-rehearsal">
          Rehearsal: only organizers see this until the board is revealed; the public board stays frozen.
        </p>
      )}
      <p className="reveal-status" role="status" aria-live="polite" data-testid="reveal-status">
        {announce(show, jam)}
      </p>
      {done && show.phase === "waiting" && podiumShown && (
        <Podium board={show.board} onClose={() => setPodiumShown(false)} />
      )}
      <div className="reveal-board" ref={boardBox}>
        <Leaderboard board={board} startsAt={jam.startsAt} highlight={highlight} />
      </div>
      <p className="reveal-hint muted small">Space or → reveals the next solve.</p>
    </>
  );
}

/** The finale once every solve is revealed: the top three on steps, the winner in the middle. */
function Podium({ board, onClose }: { board: Board; onClose: () => void }) {
  const top = board.entries.filter((e) => e.rank <= 3).slice(0, 3);
  if (top.length === 0) return null;
  const places = [top[1], top[0], top[2]].filter((e): e is BoardEntry => e !== undefined);
  const unit = board.jam.scoring.mode === "stages" ? "stages" : "points";
  return (
    <section className="podium" aria-labelledby="podium-h" data-testid="podium">
      <h2 id="podium-h">
        <Icon name="trophy" /> Final standings
      </h2>
      <ol className="podium-steps">
        {places.map((e) => (
          <li key={e.user.username} className={`podium-step place-${e.rank}`} data-username={e.user.username}>
            <span className="podium-name">{e.user.displayName}</span>
            <span className="podium-score">
              {board.jam.scoring.mode === "stages" ? e.stagesCompleted : Math.round(e.score)} {unit}
            </span>
            <span className="podium-block">
              <span className="sr-only">{ordinal(e.rank)} place: </span>
              {e.rank}
            </span>
          </li>
        ))}
      </ol>
      <button type="button" className="btn ghost small" onClick={onClose}>
        Show the whole board
      </button>
    </section>
  );
}

const ordinal = (n: number) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

/** One sentence for the screen and for screen readers, after each step. */
function announce(show: Show, jam: JamDetail): string {
  const { last, applied, view } = show;
  if (!last) {
    return view.steps.length === 0
      ? "Nothing was solved after the freeze: this is the final board."
      : `The board as it froze. ${view.steps.length} solve${view.steps.length === 1 ? "" : "s"} to reveal.`;
  }
  const stage = jam.stages.find((s) => s.slug === last.stage);
  const what = stage ? `stage ${stage.position}, ${stage.title}` : last.stage;
  const unit = jam.scoring.mode === "stages" ? "stages" : "points";
  const moved =
    last.after.rank === last.before.rank
      ? `stays ${ordinal(last.after.rank)}`
      : `${ordinal(last.before.rank)} → ${ordinal(last.after.rank)}`;
  const end = applied === view.steps.length ? " All solves are revealed: these are the final standings." : "";
  return `Step ${applied} of ${view.steps.length}: ${last.displayName} solved ${what}, ${moved}, ${last.before.score} → ${last.after.score} ${unit}.${end}`;
}
