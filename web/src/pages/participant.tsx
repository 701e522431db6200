// A participant's public page: rank, score, every stage with its solve time, and a timeline.
import { useJam, useParticipant } from "../api/queries.ts";
import { Icon } from "../components/icons.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { formatDate, formatElapsed, formatNumber } from "../lib/format.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import { useJamEvents } from "../streams/use-jam-events.ts";
import "./participant.css";

export function ParticipantPage({ slug, username }: { slug: string; username: string }) {
  const jam = useJam(slug);
  const data = useParticipant(slug, username);
  useJamEvents(slug);
  useTitle(data.data ? `${data.data.participant.user.displayName} in ${jam.data?.title ?? slug}` : undefined);
  if (jam.isLoading || data.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  if (data.error) return <ErrorBox error={data.error} />;
  const { participant: p, stages, frozen } = data.data!;
  const j = jam.data!;
  const solved = stages
    .map((s) => ({ stage: s, cell: p.stages[s.slug] }))
    .filter((x) => x.cell?.solvedAt)
    .sort((a, b) => a.cell!.solvedAt! - b.cell!.solvedAt!);

  return (
    <>
      <p className="crumbs">
        <Link href={`/jams/${slug}`}>← {j.title}</Link>
      </p>
      <header className="profile-head">
        <div className="big-rank">
          <span className="label">Rank</span>#{p.rank}
        </div>
        <div>
          <h1>{p.user.displayName}</h1>
          <p className="muted">@{p.user.username}</p>
        </div>
        <div className="big-score">
          <span className="label">{j.scoring.mode === "stages" ? "Stages" : "Score"}</span>
          {j.scoring.mode === "stages" ? `${p.stagesCompleted}/${stages.length}` : formatNumber(Math.round(p.score))}
        </div>
      </header>
      {frozen && (
        <p className="banner frozen" role="status">
          <Icon name="snowflake" /> The board is frozen: solves after the freeze are revealed at the end.
        </p>
      )}
      <section className="panel" aria-labelledby="stages-h">
        <h2 id="stages-h">Stages</h2>
        <ol className="stage-list">
          {stages.map((s) => {
            const c = p.stages[s.slug];
            return (
              <li key={s.slug} className={c?.solvedAt ? "done" : ""}>
                <span className="stage-pos">{s.position}</span>
                <span className="stage-name">{s.title}</span>
                <span className="muted small">
                  {c?.solvedAt ? (
                    <>
                      <Icon name={c.firstSolve ? "star" : "check"} /> {c.firstSolve ? "first solve · " : ""}
                      {formatElapsed(c.solvedAt - j.startsAt)}
                    </>
                  ) : c?.pending ? (
                    <>
                      <Icon name="hourglass" /> {c.pending} after the freeze, revealed at the end
                    </>
                  ) : c?.failures ? (
                    <>
                      <Icon name="cross" /> {c.failures} failed tr{c.failures === 1 ? "y" : "ies"}
                    </>
                  ) : s.locked ? (
                    <>
                      <Icon name="lock" /> locked
                    </>
                  ) : (
                    "not yet"
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      </section>
      <section className="panel" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        {solved.length === 0 ? (
          <p className="muted">No stage passed yet.</p>
        ) : (
          <ol className="timeline">
            {solved.map(({ stage, cell }) => (
              <li key={stage.slug}>
                <time dateTime={new Date(cell!.solvedAt!).toISOString()}>{formatDate(cell!.solvedAt!)}</time>
                <span>
                  Passed stage {stage.position}: <strong>{stage.title}</strong>
                  {cell!.firstSolve && (
                    <>
                      {" "}
                      — first solve <Icon name="star" />
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
