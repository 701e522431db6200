// Tracks on the organizer home: what is loaded, a reload of the tracks folder without a restart,
// and every problem of a track that did not load, as file:line: message.
import { useQueryClient } from "@tanstack/react-query";
import { post } from "../../api/client.ts";
import { keys, useTrackReport, useTracks } from "../../api/queries.ts";
import type { TrackLoadReport } from "../../api/types.ts";
import { ActionError } from "../../components/status.tsx";
import { formatDate } from "../../lib/format.ts";
import { useAsyncAction } from "../../lib/use-async-action.ts";
import { Link } from "../../router.tsx";

export function TracksPanel() {
  const tracks = useTracks();
  const report = useTrackReport();
  const qc = useQueryClient();
  const action = useAsyncAction();
  const reload = () =>
    action.run(async () => {
      const res = await post<{ report: TrackLoadReport }>("/admin/tracks/reload");
      qc.setQueryData(keys.trackReport, res.report);
      await qc.invalidateQueries({ queryKey: keys.tracks, exact: true });
      return res;
    });
  const r = report.data;
  return (
    <section aria-labelledby="tracks-h">
      <div className="page-head">
        <h2 id="tracks-h">Tracks</h2>
        <button type="button" className="btn" disabled={action.busy} onClick={reload}>
          {action.busy ? "Reloading…" : "Reload tracks"}
        </button>
      </div>
      <ActionError error={action.error} />
      {r && (
        <p className="muted small" role="status" data-testid="tracks-report">
          {r.at ? `Loaded ${formatDate(r.at)}: ` : ""}
          {r.loaded.length} track{r.loaded.length === 1 ? "" : "s"} loaded
          {r.failed.length ? `, ${r.failed.length} skipped (the jams on them keep the version they had)` : ""}.
        </p>
      )}
      {r?.failed.map((f) => (
        <div key={f.folder} className="callout bad track-problems" data-testid="track-problems">
          <p>
            <strong>{f.folder}</strong> did not load:
          </p>
          <ul>
            {f.problems.map((p) => (
              <li key={`${p.file}:${p.line}:${p.message}`}>
                <code>
                  {p.file}:{p.line}
                </code>
                : {p.message}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {tracks.data && (
        <ul className="cards">
          {tracks.data.map((t) => (
            <li key={t.slug} className="card">
              <h3>
                <Link href={`/admin/tracks/${t.slug}`}>{t.title}</Link>
              </h3>
              <p className="muted">{t.summary}</p>
              <p className="meta">
                {t.stages} stages · {t.languages.join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
