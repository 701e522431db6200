// Freeze and pause banners above a board.
import type { Board } from "../api/types.ts";
import { formatClock } from "../lib/format.ts";
import { Icon } from "./icons.tsx";
import { PhaseBadge } from "./layout.tsx";
import "./jam-banners.css";

export function FreezeBanner({ board }: { board: Board | undefined }) {
  if (!board?.jam.frozen) return null;
  return (
    <div className="banner frozen" role="status" data-testid="freeze-banner">
      <span className="banner-icon" aria-hidden="true">
        <Icon name="snowflake" />
      </span>
      <p className="banner-body">
        <strong>The board is frozen</strong>
        {board.jam.freezeAt ? ` since ${formatClock(board.jam.freezeAt)}` : ""}. Results after that stay hidden until
        the reveal.
      </p>
    </div>
  );
}

export function PausedBanner({ paused }: { paused: boolean | undefined }) {
  if (!paused) return null;
  return (
    <div className="banner paused" role="status">
      <span className="banner-icon" aria-hidden="true">
        <Icon name="pause" />
      </span>
      <p className="banner-body">
        <strong>Paused by the organizers.</strong> Pushes are not graded right now.
      </p>
    </div>
  );
}

/**
 * The one status a jam page shows: while a jam runs, a dot saying whether this page is live
 * (connected to the jam's stream) and, during a freeze, that the board is frozen; otherwise the
 * phase (registration, finished, …).
 */
export function JamStatus({ phase, paused, live }: { phase: string; paused: boolean; live: string }) {
  if (paused || (phase !== "running" && phase !== "frozen")) return <PhaseBadge phase={phase} paused={paused} />;
  return (
    <>
      <LiveDot status={live} />
      {phase === "frozen" && <PhaseBadge phase={phase} />}
    </>
  );
}

export function LiveDot({ status }: { status: string }) {
  return (
    <span className={`live-dot ${status}`} data-live={status} role="status">
      <span className="dot-inner" aria-hidden="true" />
      {status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
