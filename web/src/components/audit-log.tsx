// The audit log in the organizer console: who did what, when (one jam's entries, or all).
import { useAudit } from "../api/queries.ts";
import type { AuditEntry } from "../api/types.ts";
import { formatDate } from "../lib/format.ts";
import { ListTable } from "./list-table.tsx";
import { Empty, ErrorBox, Loading } from "./status.tsx";

const LABELS: Record<string, string> = {
  "jam.create": "created the jam",
  "jam.update": "edited the jam",
  "jam.publish": "published",
  "jam.pause": "paused",
  "jam.resume": "resumed",
  "jam.reveal": "revealed the board",
  "jam.rejudge": "rejudged",
  "participant.hide": "hid",
  "participant.unhide": "unhid",
  "announcement.create": "announced",
  "submission.retry": "retried",
  "tracks.reload": "reloaded the tracks",
  "user.role": "changed the role of",
};

function what(e: AuditEntry): string {
  const label = LABELS[e.action] ?? e.action;
  const d = e.details;
  switch (e.action) {
    case "jam.update":
      return `${label}: ${Object.keys((d.changed as object) ?? {}).join(", ")}`;
    case "jam.rejudge":
      return `${label} ${e.target ? `stage ${e.target}` : "every submission"} (${String(d.requeued ?? 0)} requeued)`;
    case "announcement.create":
      return `${label}: “${String(d.body ?? "")}”`;
    case "user.role":
      return `${label} ${e.target}: ${String(d.from)} → ${String(d.to)}`;
    case "tracks.reload": {
      const failed = (d.failed as string[] | undefined) ?? [];
      return `${label}${failed.length ? ` (skipped ${failed.join(", ")})` : ""}`;
    }
    default:
      return e.target ? `${label} ${e.target}` : label;
  }
}

export function AuditLog({ slug }: { slug: string | null }) {
  const audit = useAudit(slug);
  return (
    <section className="panel" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      {audit.isLoading ? (
        <Loading />
      ) : audit.error ? (
        <ErrorBox error={audit.error} />
      ) : audit.data!.length === 0 ? (
        <Empty>No organizer actions yet.</Empty>
      ) : (
        <ListTable
          caption="Organizer actions, newest first"
          columns={["When", "Who", "What", ...(slug ? [] : ["Jam"])]}
        >
          {audit.data!.map((e) => (
            <tr key={e.id} data-testid="audit-entry">
              <td>{formatDate(e.at)}</td>
              <td>{e.actor.username}</td>
              <td>{what(e)}</td>
              {slug ? null : <td>{e.jam ?? "—"}</td>}
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
