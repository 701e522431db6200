// A stage's instructions; locked stages say when they open.
import { ApiError } from "../api/client.ts";
import { useJam, useStage } from "../api/queries.ts";
import { Icon } from "../components/icons.tsx";
import { Markdown } from "../components/markdown.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { formatDate } from "../lib/format.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import "./stage.css";

export function StagePage({ slug, stage }: { slug: string; stage: string }) {
  const jam = useJam(slug);
  const detail = useStage(slug, stage);
  const meta = jam.data?.stages.find((s) => s.slug === stage);
  useTitle(detail.data?.title ?? meta?.title);
  const idx = jam.data?.stages.findIndex((s) => s.slug === stage) ?? -1;
  const prev = idx > 0 ? jam.data!.stages[idx - 1] : undefined;
  const next = idx >= 0 ? jam.data!.stages[idx + 1] : undefined;

  let body: React.ReactNode;
  if (detail.isLoading) body = <Loading />;
  else if (detail.error instanceof ApiError && detail.error.status === 403) {
    body = (
      <div className="locked-stage" data-testid="locked-stage">
        <p className="lock-icon" aria-hidden="true">
          <Icon name="lock" />
        </p>
        <h1>Stage {meta?.position ?? ""} is locked</h1>
        <p className="lead">
          {meta?.unlocksAt ? (
            <>
              It unlocks on <strong>{formatDate(meta.unlocksAt)}</strong>.
            </>
          ) : (
            detail.error.message
          )}
        </p>
      </div>
    );
  } else if (detail.error) body = <ErrorBox error={detail.error} />;
  else {
    const s = detail.data!;
    body = (
      <article>
        <header className="stage-header">
          <p className="eyebrow">
            Stage {s.position} · <span className={`difficulty ${s.difficulty}`}>{s.difficulty}</span> · {s.points}{" "}
            points
          </p>
          <h1>{s.title}</h1>
        </header>
        <Markdown source={s.readme} />
      </article>
    );
  }
  return (
    <div className="stage-page">
      <p className="crumbs">
        <Link href={`/jams/${slug}`}>← {jam.data?.title ?? slug}</Link>
      </p>
      {body}
      <nav className="pager" aria-label="Stages">
        {prev ? <Link href={`/jams/${slug}/stages/${prev.slug}`}>← {prev.title}</Link> : <span />}
        {next ? <Link href={`/jams/${slug}/stages/${next.slug}`}>{next.title} →</Link> : <span />}
      </nav>
    </div>
  );
}
