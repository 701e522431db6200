// A run, live: stage verdicts at the top, the log streaming below with ANSI colours, and the
// failure message and hint when a stage fails.
import { useEffect, useMemo, useRef } from "react";
import { useSubmission } from "../api/queries.ts";
import { Icon } from "../components/icons.tsx";
import { RequireUser } from "../components/require-user.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { VerdictBadge } from "../components/verdict-badge.tsx";
import { ansiToHtml } from "../lib/ansi.ts";
import { formatDate, formatDuration } from "../lib/format.ts";
import { foldRun, type LogLine, type StageView } from "../lib/run-model.ts";
import { useTitle } from "../lib/use-title.ts";
import { verdictLabel } from "../lib/verdicts.ts";
import { Link } from "../router.tsx";
import { useRunEvents } from "../streams/use-run-events.ts";
import "./run.css";

export function RunPage({ id }: { id: string }) {
  return <RequireUser>{() => <Run id={id} />}</RequireUser>;
}

function Run({ id }: { id: string }) {
  const sub = useSubmission(id);
  const live = useRunEvents(id, !sub.error);
  const view = useMemo(() => foldRun(sub.data, live.events), [sub.data, live.events]);
  useTitle(sub.data ? `Run ${sub.data.commit.slice(0, 7)}` : "Run");

  if (sub.isLoading) return <Loading />;
  if (sub.error) return <ErrorBox error={sub.error} />;
  const s = sub.data!;
  const status = view.finished?.status ?? (live.events.some((e) => e.type === "run.started") ? "running" : s.status);
  const failed = view.stages.find((st) => st.state === "failed");
  const passedCount = view.stages.filter((st) => st.state === "passed").length;

  const stageLink = failed?.slug ?? view.stages.at(-1)?.slug;
  return (
    <div className="run-page" data-run-state={live.state}>
      {s.jam && (
        <nav className="run-crumbs" aria-label="Breadcrumb">
          <Link href={`/jams/${s.jam.slug}`}>
            <Icon name="arrow-left" /> {s.jam.title}
          </Link>
          <Link href={`/jams/${s.jam.slug}/submissions`}>Your submissions</Link>
          {stageLink && (
            <Link href={`/jams/${s.jam.slug}/stages/${stageLink}`} data-testid="run-stage-link">
              {failed ? "The failing stage" : "The last stage"}:{" "}
              {view.stages.find((st) => st.slug === stageLink)?.title ?? stageLink}
            </Link>
          )}
        </nav>
      )}
      <header className="run-head">
        <div>
          <p className="eyebrow">
            Run <code>{s.id}</code>
          </p>
          <h1>
            Commit <code>{s.commit.slice(0, 7)}</code>
          </h1>
          <p className="muted">
            {s.language} · pushed {formatDate(s.createdAt)}
            {!s.counted && " · test run (not counted)"}
            {view.worker && ` · ${view.worker}`}
          </p>
        </div>
        <div className="run-verdict" role="status" aria-live="polite" data-testid="run-verdict">
          <VerdictBadge status={status} />
          {view.finished && (
            <span className="run-summary">
              {view.finished.status === "passed"
                ? `all ${passedCount} stage${passedCount === 1 ? "" : "s"} passed`
                : `${passedCount}/${view.stages.length} stages passed`}
            </span>
          )}
        </div>
      </header>

      <ol className="run-stages" aria-label="Stages">
        {view.build && view.build.status !== "skipped" && (
          <li className={`run-stage ${view.build.status === "passed" ? "passed" : "failed"}`}>
            <span className="run-stage-icon" aria-hidden="true">
              {view.build.status === "passed" ? "✓" : "✗"}
            </span>
            <span className="run-stage-name">build</span>
            <span className="muted small">
              {verdictLabel(view.build.status)} · {formatDuration(view.build.durationMs)}
            </span>
          </li>
        )}
        {view.stages.map((st, i) => (
          <StageRow key={st.slug} stage={st} index={i} />
        ))}
      </ol>

      {failed && (
        <section className="callout bad failure" aria-labelledby="failure-h" data-testid="failure">
          <h2 id="failure-h">
            Stage {view.stages.indexOf(failed) + 1} ({failed.slug}): {verdictLabel(failed.status ?? "failed")}
          </h2>
          {failed.message && <pre className="failure-message">{failed.message}</pre>}
          {failed.hint && (
            <p className="hint">
              <strong>Hint:</strong> {failed.hint}
            </p>
          )}
        </section>
      )}
      {!failed && view.build && view.build.status !== "passed" && view.build.status !== "skipped" && (
        <section className="callout bad failure" data-testid="failure">
          <h2>Build failed: {verdictLabel(view.build.status)}</h2>
          {view.build.message && <pre className="failure-message">{view.build.message}</pre>}
        </section>
      )}

      <section aria-labelledby="log-h">
        <div className="panel-head">
          <h2 id="log-h">Log</h2>
          <span className="muted small" data-testid="log-state">
            {live.state === "done"
              ? "finished"
              : live.state === "live"
                ? "streaming…"
                : live.state === "error"
                  ? "disconnected"
                  : "connecting…"}
          </span>
        </div>
        <LogView
          lines={view.lines}
          following={live.state !== "done"}
          expired={!!s.result && live.events.length === 0}
        />
      </section>
    </div>
  );
}

function StageRow({ stage, index }: { stage: StageView; index: number }) {
  const icon = { pending: "○", running: "◐", passed: "✓", failed: "✗" }[stage.state];
  return (
    <li className={`run-stage ${stage.state}`} data-stage={stage.slug} data-state={stage.state}>
      <span className="run-stage-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="run-stage-name">
        {index + 1}. {stage.title ?? stage.slug}
      </span>
      <span className="muted small">
        {stage.state === "pending"
          ? "waiting"
          : stage.state === "running"
            ? "running…"
            : `${verdictLabel(stage.status ?? stage.state)}${stage.durationMs !== undefined ? ` · ${formatDuration(stage.durationMs)}` : ""}`}
        {stage.metric && ` · ${stage.metric.name} ${stage.metric.value} ${stage.metric.unit}`}
      </span>
    </li>
  );
}

function LogView({ lines, following, expired }: { lines: LogLine[]; following: boolean; expired: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });
  if (lines.length === 0) {
    return (
      <div className="log empty-log">
        {expired
          ? "The live log of this run has expired; the verdicts above are final."
          : following
            ? "Waiting for the worker…"
            : "No output."}
      </div>
    );
  }
  return (
    <div
      className="log"
      ref={box}
      role="log"
      aria-live="off"
      aria-label="Run log"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
      tabIndex={0}
      data-testid="run-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {lines.map((l) => (
        <div key={l.id} className={`log-line ${l.kind}`}>
          {l.prefix && <span className="log-prefix">{l.prefix} </span>}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: ansi_up escapes the text and emits only colour spans */}
          <span dangerouslySetInnerHTML={{ __html: ansiToHtml(l.text) }} />
        </div>
      ))}
    </div>
  );
}
