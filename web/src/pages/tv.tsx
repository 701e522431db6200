// TV mode: the board in large type for a big screen; scrolls itself, shows announcements and
// the latest passes; no site chrome.
import { useState } from "react";
import { useActivity, useBoard, useJam } from "../api/queries.ts";
import { mergeActivity } from "../components/activity-feed.tsx";
import { AnnouncementBanner } from "../components/announcements.tsx";
import { Countdown } from "../components/countdown.tsx";
import { FullScreenButton } from "../components/full-screen-button.tsx";
import { FreezeBanner, JamStatus } from "../components/jam-banners.tsx";
import { Leaderboard } from "../components/leaderboard.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { formatAgo } from "../lib/format.ts";
import { useAutoScroll } from "../lib/use-auto-scroll.ts";
import { useRootClass } from "../lib/use-root-class.ts";
import { useTitle } from "../lib/use-title.ts";
import { useJamEvents } from "../streams/use-jam-events.ts";
import "./tv.css";

export function TvPage({ slug }: { slug: string }) {
  const jam = useJam(slug);
  const board = useBoard(slug);
  const live = useJamEvents(slug);
  const activity = useActivity(slug);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  useAutoScroll(scroller);
  useTitle(jam.data ? `${jam.data.title} — TV` : undefined);
  useRootClass("tv-mode");

  if (jam.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  const j = jam.data!;
  const feed = mergeActivity(
    live.activity.filter((a) => !(board.data?.jam.frozen && a.kind === "stage.passed")),
    activity.data,
    6,
  );
  return (
    <main className="tv" id="main">
      <header className="tv-head">
        <h1>{j.title}</h1>
        <div className="tv-meta">
          <JamStatus phase={j.phase} paused={j.paused} live={live.status} />
          <Countdown jam={j} />
          <FullScreenButton />
        </div>
      </header>
      <AnnouncementBanner items={live.fresh} onDismiss={live.dismiss} />
      <FreezeBanner board={board.data} />
      <div className="tv-body">
        <div className="tv-board" ref={setScroller} data-testid="tv-board">
          {board.data ? (
            <Leaderboard board={board.data} startsAt={j.startsAt} />
          ) : board.error ? (
            <ErrorBox error={board.error} />
          ) : (
            <Loading />
          )}
        </div>
        <aside className="tv-ticker" aria-label="Latest activity">
          <h2>Latest</h2>
          <ol>
            {feed.map((a) => (
              <li key={`${a.kind}:${a.text}:${a.at}`} className={a.kind === "announcement" ? "announce" : ""}>
                <span>{a.text}</span>
                <time>{formatAgo(a.at)}</time>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </main>
  );
}
