// Stream overlay: a transparent, compact top N (?top=5) to lay over a video in OBS and friends.
import { useBoard, useJam } from "../api/queries.ts";
import { Icon } from "../components/icons.tsx";
import { Leaderboard } from "../components/leaderboard.tsx";
import { useRootClass } from "../lib/use-root-class.ts";
import { useTitle } from "../lib/use-title.ts";
import { useSearch } from "../router.tsx";
import { useJamEvents } from "../streams/use-jam-events.ts";
import "./overlay.css";

export function OverlayPage({ slug }: { slug: string }) {
  const top = Math.min(50, Math.max(1, Number(useSearch().get("top") ?? "10") || 10));
  const jam = useJam(slug);
  const board = useBoard(slug);
  const live = useJamEvents(slug);
  useTitle(jam.data ? `${jam.data.title} — overlay` : undefined);
  useRootClass("overlay-mode");
  const latest = live.fresh[0];
  return (
    <main className="overlay" id="main">
      {jam.data && board.data && (
        <>
          <h1 className="overlay-title">
            {jam.data.title}
            {board.data.jam.frozen && (
              <span className="tag">
                <Icon name="snowflake" /> frozen
              </span>
            )}
          </h1>
          <Leaderboard board={board.data} startsAt={jam.data.startsAt} compact max={top} />
          {latest && (
            <p className="overlay-announce" role="status">
              <Icon name="megaphone" /> {latest.body}
            </p>
          )}
        </>
      )}
    </main>
  );
}
