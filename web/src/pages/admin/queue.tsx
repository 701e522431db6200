// Queue health for organizers: depth, running, failed, workers; polled every 3 s.
import { useQueue } from "../../api/queries.ts";
import { RequireUser } from "../../components/require-user.tsx";
import { ErrorBox, Loading } from "../../components/status.tsx";
import { useTitle } from "../../lib/use-title.ts";
import { Link } from "../../router.tsx";

export function QueuePage() {
  useTitle("Queue");
  return (
    <RequireUser need="organizer">
      {() => (
        <>
          <p className="crumbs">
            <Link href="/admin">← Organize</Link>
          </p>
          <h1>Grading queue</h1>
          <QueueSummary detailed />
        </>
      )}
    </RequireUser>
  );
}

export function QueueSummary({ detailed = false }: { detailed?: boolean }) {
  const q = useQueue();
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const { grade, results, workers } = q.data!;
  const depth = grade.waiting + grade.prioritized + grade.delayed;
  return (
    <section className="panel" aria-labelledby="queue-h">
      <div className="panel-head">
        <h2 id="queue-h">{detailed ? "Now" : <Link href="/admin/queue">Queue health</Link>}</h2>
        <span className="muted small">refreshes every 3 s</span>
      </div>
      <dl className="kpis" data-testid="queue">
        <Kpi label="Waiting" value={depth} tone={depth > 20 ? "warn" : ""} />
        <Kpi label="Running" value={grade.active} />
        <Kpi label="Failed" value={grade.failed} tone={grade.failed > 0 ? "bad" : ""} />
        <Kpi label="Workers" value={workers} tone={workers === 0 ? "bad" : "ok"} />
        {detailed && <Kpi label="Completed" value={grade.completed} />}
        {detailed && <Kpi label="Results pending" value={results.waiting + results.active} />}
        {detailed && <Kpi label="Results failed" value={results.failed} tone={results.failed > 0 ? "bad" : ""} />}
      </dl>
      {workers === 0 && (
        <p className="callout bad" role="alert">
          No grading worker is connected: pushes wait in the queue until one starts.
        </p>
      )}
    </section>
  );
}

function Kpi({ label, value, tone = "" }: { label: string; value: number; tone?: string }) {
  return (
    <div className={`kpi ${tone}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
