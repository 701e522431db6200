// The jam list: what is live, what is coming, what is over.
import { useJams, useMe } from "../api/queries.ts";
import type { JamView } from "../api/types.ts";
import { Countdown } from "../components/countdown.tsx";
import { PhaseBadge } from "../components/layout.tsx";
import { Empty, ErrorBox, Loading } from "../components/status.tsx";
import { formatDate } from "../lib/format.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import "./home.css";

const ORDER: Record<string, number> = { running: 0, frozen: 0, registration: 1, draft: 2, finished: 3 };

export function HomePage() {
  useTitle("Jams");
  const jams = useJams();
  const me = useMe();
  return (
    <>
      <section className="hero">
        <h1>Programming jams, graded live.</h1>
        <p className="lead">
          Push your code with <code>git push</code>, watch it graded stage by stage in a sandbox, and climb the live
          leaderboard.
        </p>
        {!me.data && !me.isLoading && (
          <p>
            <Link href="/signup" className="btn primary">
              Create an account
            </Link>{" "}
            <Link href="/login" className="btn">
              Log in
            </Link>
          </p>
        )}
      </section>
      <h2>Jams</h2>
      {jams.isLoading ? (
        <Loading />
      ) : jams.error ? (
        <ErrorBox error={jams.error} />
      ) : jams.data!.length === 0 ? (
        <Empty>No jams yet.</Empty>
      ) : (
        <ul className="cards">
          {[...jams.data!]
            .sort((a, b) => (ORDER[a.phase] ?? 9) - (ORDER[b.phase] ?? 9))
            .map((j) => (
              <JamCard key={j.slug} jam={j} />
            ))}
        </ul>
      )}
    </>
  );
}

function JamCard({ jam }: { jam: JamView }) {
  return (
    <li className="card jam-card">
      <div className="card-top">
        <PhaseBadge phase={jam.phase} paused={jam.paused} />
        <Countdown jam={jam} />
      </div>
      <h3>
        <Link href={`/jams/${jam.slug}`}>{jam.title}</Link>
      </h3>
      {jam.description && <p className="muted">{jam.description}</p>}
      <p className="meta">
        {formatDate(jam.startsAt)} → {formatDate(jam.endsAt)} · track <code>{jam.track}</code> · scoring{" "}
        {jam.scoring.mode}
      </p>
    </li>
  );
}
