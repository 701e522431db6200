// Preview a track's stages (all of them, with READMEs) before building a jam on it.
import { useTrack } from "../../api/queries.ts";
import { Markdown } from "../../components/markdown.tsx";
import { RequireUser } from "../../components/require-user.tsx";
import { ErrorBox, Loading } from "../../components/status.tsx";
import { useTitle } from "../../lib/use-title.ts";
import { Link } from "../../router.tsx";
import "./track.css";

export function TrackPage({ slug }: { slug: string }) {
  return <RequireUser need="organizer">{() => <Track slug={slug} />}</RequireUser>;
}

function Track({ slug }: { slug: string }) {
  const track = useTrack(slug);
  useTitle(track.data?.title);
  if (track.isLoading) return <Loading />;
  if (track.error) return <ErrorBox error={track.error} />;
  const t = track.data!;
  return (
    <>
      <p className="crumbs">
        <Link href="/admin">← Organize</Link>
      </p>
      <h1>{t.title}</h1>
      <p className="lead">{t.summary}</p>
      <p className="meta">
        {t.stages.length} stages · languages: {t.languages.join(", ")} ·{" "}
        <Link href={`/admin/jams/new?track=${t.slug}`}>New jam on this track</Link>
      </p>
      {t.stages.map((s) => (
        <details key={s.slug} className="panel track-stage">
          <summary>
            <span className="stage-pos">{s.position}</span> {s.title}{" "}
            <span className={`difficulty ${s.difficulty}`}>{s.difficulty}</span>{" "}
            <span className="muted small">
              {s.points} pts
              {s.metric ? ` · metric ${s.metric.name} (${s.metric.unit}, ${s.metric.better} is better)` : ""}
            </span>
          </summary>
          <Markdown source={s.readme} />
        </details>
      ))}
    </>
  );
}
