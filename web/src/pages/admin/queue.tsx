// Queue health for organizers: depth, running, failed, workers; and the jobs themselves (waiting,
// running, failed) with their participants, a failed one retried with a click; polled every 3 s.
import { useQueryClient } from "@tanstack/react-query";
import { post } from "../../api/client.ts";
import { useQueue, useQueueJobs } from "../../api/queries.ts";
import type { QueueJob } from "../../api/types.ts";
import { ListTable } from "../../components/list-table.tsx";
import { RequireUser } from "../../components/require-user.tsx";
import { ActionError, Empty, ErrorBox, Loading } from "../../components/status.tsx";
import { formatAgo, formatDate } from "../../lib/format.ts";
import { useAsyncAction } from "../../lib/use-async-action.ts";
import { useTitle } from "../../lib/use-title.ts";
import { Link } from "../../router.tsx";
import "./queue.css";

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
          <JobList state="failed" title="Failed" empty="No failed jobs." />
          <JobList state="active" title="Running" empty="Nothing is being graded right now." />
          <JobList state="waiting" title="Waiting" empty="Nothing is waiting." />
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

const STATE_LABELS = { waiting: "waiting", active: "running", failed: "failed" } as const;

function JobList({ state, title, empty }: { state: "waiting" | "active" | "failed"; title: string; empty: string }) {
  const jobs = useQueueJobs(state);
  const qc = useQueryClient();
  const action = useAsyncAction();
  const retry = (job: QueueJob) =>
    action.run(async () => {
      await post(`/admin/submissions/${job.submissionId}/retry`);
      await qc.invalidateQueries({ queryKey: ["admin", "queue"] });
    });
  const id = `jobs-${state}`;
  return (
    <section className="panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {title} {jobs.data && <span className="muted small">({jobs.data.length})</span>}
      </h2>
      <ActionError error={action.error} />
      {jobs.isLoading ? (
        <Loading />
      ) : jobs.error ? (
        <ErrorBox error={jobs.error} />
      ) : jobs.data!.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ListTable
          caption={`Jobs ${STATE_LABELS[state]}`}
          columns={["Participant", "Jam", "Run", "Queued", ...(state === "failed" ? ["Why", { hidden: "Retry" }] : [])]}
        >
          {jobs.data!.map((j) => (
            <tr key={j.id} data-submission={j.submissionId}>
              <td>{j.username ?? "—"}</td>
              <td>{j.jam ? <Link href={`/admin/jams/${j.jam}`}>{j.jam}</Link> : "—"}</td>
              <td>
                <Link href={`/runs/${j.submissionId}`}>{j.submissionId}</Link>
                {j.attempt > 1 && <span className="muted small"> attempt {j.attempt}</span>}
                {j.counted === false && <span className="tag">test run</span>}
              </td>
              <td>
                <time dateTime={new Date(j.queuedAt).toISOString()} title={formatDate(j.queuedAt)}>
                  {formatAgo(j.queuedAt)}
                </time>
              </td>
              {state === "failed" && (
                <>
                  <td className="small">{j.failedReason ?? "—"}</td>
                  <td>
                    <button type="button" className="btn small" disabled={action.busy} onClick={() => retry(j)}>
                      Retry
                    </button>
                  </td>
                </>
              )}
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
