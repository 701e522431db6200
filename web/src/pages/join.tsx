// Join a jam: pick the language you will write in.
import { useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { post } from "../api/client.ts";
import { keys, useEnrollment, useJam } from "../api/queries.ts";
import { RequireUser } from "../components/require-user.tsx";
import { ActionError, ErrorBox, Loading } from "../components/status.tsx";
import { setNewToken } from "../lib/session-token.ts";
import { useAsyncAction } from "../lib/use-async-action.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link, navigate } from "../router.tsx";
import "./join.css";

export function JoinPage({ slug }: { slug: string }) {
  return <RequireUser>{() => <JoinForm slug={slug} />}</RequireUser>;
}

function JoinForm({ slug }: { slug: string }) {
  const jam = useJam(slug);
  const enrollment = useEnrollment(slug, true);
  const qc = useQueryClient();
  const { run, busy, error } = useAsyncAction();
  useTitle(jam.data ? `Join ${jam.data.title}` : undefined);

  if (jam.isLoading || enrollment.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  const j = jam.data!;
  if (enrollment.data?.enrolled) {
    return (
      <div className="narrow">
        <h1>You are in {j.title}</h1>
        <p>
          You write {enrollment.data.language}.{" "}
          <Link href={`/jams/${slug}/start`} className="btn primary">
            Go to your setup
          </Link>
        </p>
      </div>
    );
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const language = String(new FormData(e.currentTarget).get("language") ?? "");
    await run(async () => {
      const res = await post<{ gitToken?: { id: string; secret: string } }>(`/jams/${slug}/enroll`, { language });
      // Joining hands out a git-only token: prefer it over the session's token on the next page.
      if (res.gitToken) setNewToken(res.gitToken.secret);
      await qc.invalidateQueries({ queryKey: keys.enrollment(slug) });
      navigate(`/jams/${slug}/start`);
    });
  }

  return (
    <div className="narrow">
      <p className="crumbs">
        <Link href={`/jams/${slug}`}>← {j.title}</Link>
      </p>
      <h1>Join {j.title}</h1>
      <p className="lead">Pick your language. You get a git repository with a starter in it.</p>
      <form className="form" onSubmit={submit}>
        <fieldset className="choices">
          <legend>Language</legend>
          {j.languages.map((lang, i) => (
            <label key={lang} className="choice">
              <input type="radio" name="language" value={lang} defaultChecked={i === 0} required />
              <span>{lang}</span>
            </label>
          ))}
        </fieldset>
        <ActionError error={error} />
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? "Joining…" : "Join"}
        </button>
      </form>
    </div>
  );
}
