// An organizer's view of one jam: settings, lifecycle actions, announcements, rejudge,
// participants (hide), and every submission with its run log.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { get, post } from "../../api/client.ts";
import { keys, useAllSubmissions, useJam } from "../../api/queries.ts";
import type { JamDetail, LeaderboardPage, SubmissionRow } from "../../api/types.ts";
import { AuditLog } from "../../components/audit-log.tsx";
import { SelectField } from "../../components/field.tsx";
import { PhaseBadge } from "../../components/layout.tsx";
import { ListTable } from "../../components/list-table.tsx";
import { RequireUser } from "../../components/require-user.tsx";
import { ActionError, Empty, ErrorBox, Loading } from "../../components/status.tsx";
import { useAsyncAction } from "../../lib/use-async-action.ts";
import { useTitle } from "../../lib/use-title.ts";
import { Link, useSearch } from "../../router.tsx";
import { SubmissionTable } from "../submissions.tsx";
import { JamEditor } from "./jam-editor.tsx";
import "./jam-admin.css";

export function AdminJamPage({ slug }: { slug: string | null }) {
  const track = useSearch().get("track") ?? undefined;
  return (
    <RequireUser need="organizer">
      {() =>
        slug === null ? (
          <>
            <p className="crumbs">
              <Link href="/admin">← Organize</Link>
            </p>
            <h1>New jam</h1>
            <JamEditor jam={null} {...(track ? { defaultTrack: track } : {})} />
          </>
        ) : (
          <ManageJam slug={slug} />
        )
      }
    </RequireUser>
  );
}

function ManageJam({ slug }: { slug: string }) {
  const jam = useJam(slug);
  useTitle(jam.data ? `Organize ${jam.data.title}` : undefined);
  if (jam.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  const j = jam.data!;
  return (
    <>
      <p className="crumbs">
        <Link href="/admin">← Organize</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{j.title}</h1>
          <p>
            <PhaseBadge phase={j.phase} paused={j.paused} /> <Link href={`/jams/${slug}`}>Public page</Link> ·{" "}
            <Link href={`/jams/${slug}/tv`}>TV</Link> · <Link href={`/admin/tracks/${j.track}`}>Track {j.track}</Link>
          </p>
        </div>
        <Lifecycle jam={j} />
      </div>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="settings-h">
          <h2 id="settings-h">Settings</h2>
          <JamEditor key={`${j.slug}:${j.startsAt}:${j.endsAt}`} jam={j} />
        </section>
        <div className="side">
          <Announce slug={slug} />
          <Rejudge jam={j} />
        </div>
      </div>
      <Participants slug={slug} />
      <AllSubmissions slug={slug} />
      <AuditLog slug={slug} />
    </>
  );
}

function useAction(slug: string) {
  const qc = useQueryClient();
  const action = useAsyncAction();
  const run = (path: string, body: unknown = {}) =>
    action.run(async () => {
      const res = await post<unknown>(`/admin/jams/${slug}${path}`, body);
      await qc.invalidateQueries({ queryKey: keys.jam(slug) });
      await qc.invalidateQueries({ queryKey: keys.jams });
      await qc.invalidateQueries({ queryKey: ["live-board", slug] });
      await qc.invalidateQueries({ queryKey: ["admin", "audit"] });
      return res;
    });
  return { run, error: action.error, busy: action.busy };
}

function Lifecycle({ jam }: { jam: JamDetail }) {
  const { run, error, busy } = useAction(jam.slug);
  const canReveal =
    jam.freezeAt !== null && jam.revealedAt === null && (jam.phase === "frozen" || jam.phase === "finished");
  return (
    <div className="lifecycle">
      <div className="btn-row">
        {jam.phase === "draft" && (
          <button type="button" className="btn primary" disabled={busy} onClick={() => run("/publish")}>
            Publish
          </button>
        )}
        {jam.phase !== "draft" &&
          (jam.paused ? (
            <button type="button" className="btn" disabled={busy} onClick={() => run("/resume")}>
              Resume grading
            </button>
          ) : (
            <button type="button" className="btn" disabled={busy} onClick={() => run("/pause")}>
              Pause
            </button>
          ))}
        {canReveal && (
          <button type="button" className="btn" disabled={busy} onClick={() => run("/reveal")}>
            Reveal the frozen board
          </button>
        )}
        {jam.freezeAt !== null && (jam.phase === "frozen" || jam.phase === "finished" || jam.revealedAt !== null) && (
          <Link href={`/jams/${jam.slug}/reveal`} className="btn ghost">
            {jam.revealedAt === null ? "Rehearse the animated reveal" : "Animated reveal"}
          </Link>
        )}
      </div>
      <ActionError error={error} />
    </div>
  );
}

function Announce({ slug }: { slug: string }) {
  const { run, error, busy } = useAction(slug);
  const [body, setBody] = useState("");
  const [posted, setPosted] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setPosted(false);
    if (await run("/announcements", { body })) {
      setBody("");
      setPosted(true);
    }
  }
  return (
    <section className="panel" aria-labelledby="announce-h">
      <h2 id="announce-h">Announce</h2>
      <form className="form" onSubmit={submit}>
        <label>
          Message to everyone watching
          <textarea
            name="announcement"
            rows={3}
            required
            maxLength={2000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </label>
        <button type="submit" className="btn primary" disabled={busy}>
          Post announcement
        </button>
        {posted && (
          <span className="ok-text" role="status">
            Posted ✓
          </span>
        )}
        <ActionError error={error} />
      </form>
    </section>
  );
}

function Rejudge({ jam }: { jam: JamDetail }) {
  const { run, error, busy } = useAction(jam.slug);
  const [stage, setStage] = useState("");
  const [done, setDone] = useState<number | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const what = stage ? `stage ${stage}` : "the whole jam";
    if (!window.confirm(`Rejudge ${what}? Affected submissions are graded again.`)) return;
    const res = (await run("/rejudge", stage ? { stage } : {})) as { requeued: number } | undefined;
    if (res) setDone(res.requeued);
  }
  return (
    <section className="panel" aria-labelledby="rejudge-h">
      <h2 id="rejudge-h">Rejudge</h2>
      <form className="form" onSubmit={submit}>
        <SelectField id="rejudge-what" label="What to rejudge" value={stage} onChange={(e) => setStage(e.target.value)}>
          <option value="">Every submission</option>
          {jam.stages.map((s) => (
            <option key={s.slug} value={s.slug}>
              Stage {s.position}: {s.title}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="btn danger" disabled={busy}>
          Rejudge
        </button>
        {done !== null && (
          <span className="ok-text" role="status">
            {done} requeued
          </span>
        )}
        <ActionError error={error} />
      </form>
    </section>
  );
}

function Participants({ slug }: { slug: string }) {
  const board = useQuery({
    queryKey: ["live-board", slug],
    queryFn: () => get<LeaderboardPage>(`/jams/${slug}/leaderboard?view=live&limit=1000`),
  });
  const { run, error, busy } = useAction(slug);
  return (
    <section className="panel" aria-labelledby="people-h">
      <h2 id="people-h">Participants</h2>
      <p className="muted small">The live board (unfrozen). Hidden participants stay off the public board.</p>
      {board.isLoading ? (
        <Loading />
      ) : board.error ? (
        <ErrorBox error={board.error} />
      ) : board.data!.entries.length === 0 ? (
        <Empty>No one has scored yet.</Empty>
      ) : (
        <ListTable caption="Participants" columns={["#", "Participant", "Stages", { hidden: "Actions" }]}>
          {board.data!.entries.map((e) => (
            <tr key={e.user.username} className={e.hidden ? "muted" : ""}>
              <td>{e.rank}</td>
              <td>
                {e.user.displayName} <span className="muted small">@{e.user.username}</span>
                {e.hidden && <span className="tag">hidden</span>}
              </td>
              <td>{e.stagesCompleted}</td>
              <td>
                <button
                  type="button"
                  className="btn small"
                  disabled={busy}
                  onClick={() => run(`/participants/${e.user.username}/hide`, { hidden: !e.hidden })}
                >
                  {e.hidden ? "Unhide" : "Hide"}
                  <span className="sr-only"> {e.user.username}</span>
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <ActionError error={error} />
    </section>
  );
}

function AllSubmissions({ slug }: { slug: string }) {
  const [user, setUser] = useState("");
  const subs = useAllSubmissions(slug, user.trim());
  const qc = useQueryClient();
  const retry = useAsyncAction();
  const onRetry = (row: SubmissionRow) =>
    retry.run(async () => {
      await post(`/admin/submissions/${row.id}/retry`);
      await qc.invalidateQueries({ queryKey: keys.allSubmissions(slug, user.trim()) });
    });
  return (
    <section className="panel" aria-labelledby="subs-h">
      <div className="panel-head">
        <h2 id="subs-h">Submissions</h2>
        <ActionError error={retry.error} />
        <label className="inline">
          <span>Filter by user</span>
          <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="username" spellCheck={false} />
        </label>
      </div>
      {subs.isLoading ? (
        <Loading />
      ) : subs.error ? (
        <ErrorBox error={subs.error} />
      ) : subs.data!.length === 0 ? (
        <Empty>No submissions.</Empty>
      ) : (
        <SubmissionTable rows={subs.data!} showUser onRetry={onRetry} />
      )}
    </section>
  );
}
