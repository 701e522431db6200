// Organizer home: every jam (drafts too), tracks to build jams from, queue health.
import { useJams } from "../../api/queries.ts";
import { AuditLog } from "../../components/audit-log.tsx";
import { PhaseBadge } from "../../components/layout.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { RequireUser } from "../../components/require-user.tsx";
import { ErrorBox, Loading } from "../../components/status.tsx";
import { formatDate } from "../../lib/format.ts";
import { useTitle } from "../../lib/use-title.ts";
import { Link } from "../../router.tsx";
import { QueueSummary } from "./queue.tsx";
import { TracksPanel } from "./tracks-panel.tsx";

export function AdminHome() {
  useTitle("Organize");
  return <RequireUser need="organizer">{() => <Admin />}</RequireUser>;
}

function Admin() {
  const jams = useJams();
  return (
    <>
      <div className="page-head">
        <h1>Organize</h1>
        <Link href="/admin/jams/new" className="btn primary">
          New jam
        </Link>
      </div>
      <QueueSummary />
      <h2>Jams</h2>
      {jams.isLoading ? (
        <Loading />
      ) : jams.error ? (
        <ErrorBox error={jams.error} />
      ) : (
        <ListTable caption="All jams" columns={["Jam", "Phase", "Track", "Starts"]}>
          {jams.data!.map((j) => (
            <tr key={j.slug}>
              <td>
                <Link href={`/admin/jams/${j.slug}`}>{j.title}</Link>{" "}
                <span className="muted small">
                  <Link href={`/jams/${j.slug}`}>public page</Link>
                </span>
              </td>
              <td>
                <PhaseBadge phase={j.phase} paused={j.paused} />
              </td>
              <td>
                <Link href={`/admin/tracks/${j.track}`}>{j.track}</Link>
              </td>
              <td>{formatDate(j.startsAt)}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <TracksPanel />
      <AuditLog slug={null} />
    </>
  );
}
