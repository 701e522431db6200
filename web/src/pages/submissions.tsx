// The signed-in participant's pushes in a jam, newest first, each linking to its run page.
import { useJam, useMySubmissions } from "../api/queries.ts";
import type { SubmissionRow } from "../api/types.ts";
import { ListTable } from "../components/list-table.tsx";
import { RequireUser } from "../components/require-user.tsx";
import { Empty, ErrorBox, Loading } from "../components/status.tsx";
import { VerdictBadge } from "../components/verdict-badge.tsx";
import { formatAgo, formatDate } from "../lib/format.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";

export function SubmissionsPage({ slug }: { slug: string }) {
  return <RequireUser>{() => <Submissions slug={slug} />}</RequireUser>;
}

function Submissions({ slug }: { slug: string }) {
  const jam = useJam(slug);
  const subs = useMySubmissions(slug, true);
  useTitle(jam.data ? `Your runs — ${jam.data.title}` : undefined);
  return (
    <>
      <p className="crumbs">
        <Link href={`/jams/${slug}`}>← {jam.data?.title ?? slug}</Link>
      </p>
      <h1>Your runs</h1>
      {subs.isLoading ? (
        <Loading />
      ) : subs.error ? (
        <ErrorBox error={subs.error} />
      ) : subs.data!.length === 0 ? (
        <Empty>
          No pushes yet. <Link href={`/jams/${slug}/start`}>See how to push</Link>.
        </Empty>
      ) : (
        <SubmissionTable rows={subs.data!} />
      )}
    </>
  );
}

export function SubmissionTable({
  rows,
  showUser = false,
  onRetry,
}: {
  rows: SubmissionRow[];
  showUser?: boolean;
  /** Organizers: grade this submission again. */
  onRetry?: (row: SubmissionRow) => void;
}) {
  const columns = [
    "When",
    ...(showUser ? ["Who"] : []),
    "Commit",
    "Result",
    { hidden: "Run log" },
    ...(onRetry ? [{ hidden: "Retry" }] : []),
  ];
  return (
    <ListTable caption="Submissions" columns={columns}>
      {rows.map((s) => (
        <tr key={s.id}>
          <td>
            <time dateTime={new Date(s.createdAt).toISOString()} title={formatDate(s.createdAt)}>
              {formatAgo(s.createdAt)}
            </time>
          </td>
          {showUser && <td>{s.username}</td>}
          <td>
            <code>{s.commit.slice(0, 7)}</code>
            {!s.counted && <span className="tag">test run</span>}
          </td>
          <td>
            <VerdictBadge status={s.status} />
            {s.failedStage && <span className="muted small"> at {s.failedStage}</span>}
          </td>
          <td>
            <Link href={`/runs/${s.id}`}>View run</Link>
          </td>
          {onRetry && (
            <td>
              {s.status !== "queued" && s.status !== "running" && (
                <button type="button" className="btn ghost small" onClick={() => onRetry(s)}>
                  Retry
                </button>
              )}
            </td>
          )}
        </tr>
      ))}
    </ListTable>
  );
}
