// Onboarding after joining: the exact clone and push commands, the token that is the git
// password (shown once), and the stages to read.
import { useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { post } from "../api/client.ts";
import { keys, useEnrollment, useJam } from "../api/queries.ts";
import type { User } from "../api/types.ts";
import { CommandBlock, CopyButton } from "../components/copy-button.tsx";
import { Field } from "../components/field.tsx";
import { RequireUser } from "../components/require-user.tsx";
import { ActionError, ErrorBox, Loading } from "../components/status.tsx";
import { setNewToken, useNewToken } from "../lib/session-token.ts";
import { useAsyncAction } from "../lib/use-async-action.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link } from "../router.tsx";
import "./start.css";

export function StartPage({ slug }: { slug: string }) {
  return <RequireUser>{(user) => <Start slug={slug} user={user} />}</RequireUser>;
}

/** The clone URL with the username in it, so git only asks for the password. */
export function cloneUrlFor(cloneUrl: string, username: string): string {
  const u = new URL(cloneUrl);
  u.username = username;
  return u.toString();
}

function Start({ slug, user }: { slug: string; user: User }) {
  const jam = useJam(slug);
  const enrollment = useEnrollment(slug, true);
  const token = useNewToken();
  useTitle(jam.data ? `Set up — ${jam.data.title}` : undefined);

  if (jam.isLoading || enrollment.isLoading) return <Loading />;
  if (jam.error) return <ErrorBox error={jam.error} />;
  if (enrollment.error) return <ErrorBox error={enrollment.error} />;
  const j = jam.data!;
  const e = enrollment.data!;
  if (!e.enrolled || !e.cloneUrl) {
    return (
      <div className="narrow">
        <h1>Not joined yet</h1>
        <p>
          <Link href={`/jams/${slug}/join`} className="btn primary">
            Join {j.title}
          </Link>
        </p>
      </div>
    );
  }
  const url = cloneUrlFor(e.cloneUrl, user.username);
  const dir = slug;
  const first = j.stages.find((s) => !s.locked);

  return (
    <div className="onboarding">
      <p className="crumbs">
        <Link href={`/jams/${slug}`}>← {j.title}</Link>
      </p>
      <h1>You are in. Here is how to play.</h1>
      <p className="lead">
        You write <strong>{e.language}</strong>. Your repository holds a starter; every <code>git push</code> is graded
        stage by stage, and passing stages puts you on the board.
      </p>

      <ol className="steps">
        <li>
          <h2>Clone your repository</h2>
          <CommandBlock label="clone command" command={`git clone ${url} ${dir}\ncd ${dir}`} />
          <TokenPanel username={user.username} token={token} />
        </li>
        <li>
          <h2>Read stage 1</h2>
          {first ? (
            <p>
              <Link href={`/jams/${slug}/stages/${first.slug}`}>
                Stage {first.position}: {first.title}
              </Link>{" "}
              — the README says what your program must do; <code>bsod.yml</code> in the repository says how it is built
              and run.
            </p>
          ) : (
            <p className="muted">No stage is unlocked yet.</p>
          )}
        </li>
        <li>
          <h2>Commit and push</h2>
          <CommandBlock
            label="push command"
            command={`git add -A\ngit commit -m "stage ${first?.position ?? 1}"\ngit push origin HEAD:main`}
          />
          <p className="muted">
            The push prints the run live and a link to its page. All your runs are on{" "}
            <Link href={`/jams/${slug}/submissions`}>your submissions page</Link>.
          </p>
        </li>
      </ol>
    </div>
  );
}

function TokenPanel({ username, token }: { username: string; token: string | null }) {
  if (token) {
    return (
      <div className="callout token" data-testid="token-panel">
        <p>
          When git asks for a password, use this token. <strong>It is shown only now</strong> — keep it in your password
          manager or git credential helper.
        </p>
        <div className="token-row">
          <code className="secret" data-testid="git-token">
            {token}
          </code>
          <CopyButton text={token} what="token" />
        </div>
        <p className="muted small">
          Username: <code>{username}</code>. Lost it? Make a new one below or on your{" "}
          <Link href="/account">account page</Link>, where you can also revoke old ones.{" "}
          <button type="button" className="linkish" onClick={() => setNewToken(null)}>
            Hide it
          </button>
        </p>
      </div>
    );
  }
  return <NewTokenForm username={username} />;
}

/** A fresh git-only token: the password confirms it is you (the browser session is left as it is). */
export function NewTokenForm({ username }: { username: string }) {
  const qc = useQueryClient();
  const { run, error } = useAsyncAction();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    await run(async () => {
      const res = await post<{ token: { secret: string } }>("/auth/login", {
        username,
        password: String(form.get("password") ?? ""),
        token: { name: String(form.get("tokenName") || "git"), scopes: ["git"] },
      });
      setNewToken(res.token.secret);
      await qc.invalidateQueries({ queryKey: keys.tokens });
    });
  }
  return (
    <form className="callout form inline-form" onSubmit={submit}>
      <p>
        Git asks for a password: that is a <strong>token</strong>, not your account password. Tokens are shown once;
        enter your password to make a new one.
      </p>
      <div className="row">
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Field label="Token name" name="tokenName" defaultValue="git" maxLength={80} />
        <button type="submit" className="btn">
          New token
        </button>
      </div>
      <ActionError error={error} />
    </form>
  );
}
