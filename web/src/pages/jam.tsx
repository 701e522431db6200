// A jam for spectators and participants: the live board (a page at a time), progress, stats,
// activity, stages.
import { useEffect, useState } from "react";
import {
  useActivity,
  useAnnouncements,
  useBoard,
  useEnrollment,
  useJam,
  useMe,
  useProgress,
  useStats,
} from "../api/queries.ts";
import type { JamDetail } from "../api/types.ts";
import { ActivityFeed, mergeActivity } from "../components/activity-feed.tsx";
import { AnnouncementBanner, AnnouncementList } from "../components/announcements.tsx";
import { BoardPager } from "../components/board-pager.tsx";
import { Countdown } from "../components/countdown.tsx";
import { Icon } from "../components/icons.tsx";
import { FreezeBanner, JamStatus, PausedBanner } from "../components/jam-banners.tsx";
import { Leaderboard } from "../components/leaderboard.tsx";
import { ProgressChart } from "../components/progress-chart.tsx";
import { StageStats } from "../components/stage-stats.tsx";
import { Empty, ErrorBox, Loading } from "../components/status.tsx";
import { formatDate } from "../lib/format.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import { useJamEvents } from "../streams/use-jam-events.ts";
import "./jam.css";

const BOARD_PAGE = 100;

export function JamPage({ slug }: { slug: string }) {
  const jam = useJam(slug);
  const [page, setPage] = useState(0);
  const board = useBoard(slug, { offset: page * BOARD_PAGE, limit: BOARD_PAGE });
  const total = board.data?.total;
  useEffect(() => {
    // The board can shrink under a later page (a participant hidden): show its last page instead.
    if (total !== undefined && page > 0 && page * BOARD_PAGE >= total) setPage(Math.ceil(total / BOARD_PAGE) - 1);
  }, [page, total]);
  const live = useJamEvents(slug);
  const activity = useActivity(slug);
  const announcements = useAnnouncements(slug);
  const progress = useProgress(slug);
  const stats = useStats(slug);
  const me = useMe();
  useTitle(jam.data?.title);

  if (jam.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  const j = jam.data!;
  const feed = mergeActivity(
    live.activity.filter((a) => !(board.data?.jam.frozen && a.kind === "stage.passed")),
    activity.data,
  );
  const until = Math.min(Date.now(), j.endsAt, board.data?.jam.frozen && j.freezeAt ? j.freezeAt : Infinity);

  return (
    <div className="jam-page">
      <header className="jam-head">
        <div className="jam-title">
          <div className="jam-badges">
            <JamStatus phase={j.phase} paused={j.paused} live={live.status} />
            <Countdown jam={j} />
          </div>
          <h1>{j.title}</h1>
          {j.description && <p className="muted">{j.description}</p>}
        </div>
        <JamActions jam={j} signedIn={!!me.data} />
      </header>

      <AnnouncementBanner items={live.fresh} onDismiss={live.dismiss} />
      <FreezeBanner board={board.data} />
      <PausedBanner paused={j.paused} />

      <div className="jam-grid">
        <section className="panel board-panel" aria-labelledby="board-h">
          <div className="panel-head">
            <h2 id="board-h">Leaderboard</h2>
            <span className="muted small">
              {board.data ? `${board.data.total} participant${board.data.total === 1 ? "" : "s"}` : ""}
            </span>
          </div>
          {board.isLoading ? (
            <Loading />
          ) : board.error ? (
            <ErrorBox error={board.error} />
          ) : board.data!.entries.length === 0 ? (
            <Empty>No one on the board yet. Be the first: join and push.</Empty>
          ) : (
            <>
              <Leaderboard board={board.data!} startsAt={j.startsAt} me={me.data?.username} />
              <BoardPager offset={board.data!.offset} limit={BOARD_PAGE} total={board.data!.total} onPage={setPage} />
            </>
          )}
        </section>

        <aside className="side">
          {(announcements.data?.length ?? 0) > 0 && (
            <section className="panel" aria-labelledby="ann-h">
              <h2 id="ann-h">Announcements</h2>
              <AnnouncementList items={announcements.data!} />
            </section>
          )}
          <section className="panel" aria-labelledby="act-h">
            <h2 id="act-h">Activity</h2>
            <ActivityFeed items={feed} />
          </section>
        </aside>

        <section className="panel chart-panel" aria-labelledby="prog-h">
          <h2 id="prog-h">Top 10 over time</h2>
          {progress.data && progress.data.length > 0 ? (
            <ProgressChart series={progress.data} until={until} />
          ) : (
            <Empty>The chart starts with the first solve.</Empty>
          )}
        </section>

        <section className="panel" aria-labelledby="stats-h">
          <h2 id="stats-h">Stages</h2>
          <StageList jam={j} />
          {stats.data && stats.data.length > 0 && <StageStats stats={stats.data} />}
        </section>
      </div>
    </div>
  );
}

function JamActions({ jam, signedIn }: { jam: JamDetail; signedIn: boolean }) {
  const enrollment = useEnrollment(jam.slug, signedIn);
  const open = jam.phase !== "finished" && jam.phase !== "draft";
  return (
    <div className="jam-actions">
      {enrollment.data?.enrolled ? (
        <>
          <Link href={`/jams/${jam.slug}/start`} className="btn primary">
            Your setup
          </Link>
          <Link href={`/jams/${jam.slug}/submissions`} className="btn">
            Your runs
          </Link>
        </>
      ) : open ? (
        <Link
          href={signedIn ? `/jams/${jam.slug}/join` : `/signup?next=/jams/${jam.slug}/join`}
          className="btn primary"
        >
          Join this jam
        </Link>
      ) : null}
      {jam.freezeAt !== null && jam.revealedAt !== null && (
        <Link href={`/jams/${jam.slug}/reveal`} className="btn ghost">
          Watch the reveal
        </Link>
      )}
      <Link href={`/jams/${jam.slug}/tv`} className="btn ghost">
        TV mode
      </Link>
      <Link href={`/jams/${jam.slug}/overlay`} className="btn ghost">
        Overlay
      </Link>
    </div>
  );
}

function StageList({ jam }: { jam: JamDetail }) {
  return (
    <ol className="stage-list">
      {jam.stages.map((s) => (
        <li key={s.slug} className={s.locked ? "locked" : ""}>
          <span className="stage-pos">{s.position}</span>
          {s.locked ? (
            <span>
              <span className="stage-name">{s.title}</span>{" "}
              <span className="muted small">
                <Icon name="lock" /> {s.unlocksAt ? `unlocks ${formatDate(s.unlocksAt)}` : "locked"}
              </span>
            </span>
          ) : (
            <Link href={`/jams/${jam.slug}/stages/${s.slug}`} className="stage-name">
              {s.title}
            </Link>
          )}
          <span className={`difficulty ${s.difficulty}`}>{s.difficulty}</span>
        </li>
      ))}
    </ol>
  );
}
