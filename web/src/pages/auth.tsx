// Sign up and log in. Both start a browser session (an HttpOnly cookie; the answer holds no
// secret); git tokens come from joining a jam or from the account page.
import { useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { post } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import type { User } from "../api/types.ts";
import { Field } from "../components/field.tsx";
import { ActionError } from "../components/status.tsx";
import { useAsyncAction } from "../lib/use-async-action.ts";
import { useTitle } from "../lib/use-title.ts";
import { Link, navigate, useSearch } from "../router.tsx";

export function AuthPage({ mode }: { mode: "login" | "signup" }) {
  useTitle(mode === "login" ? "Log in" : "Sign up");
  const qc = useQueryClient();
  const nextParam = useSearch().get("next");
  const next = nextParam?.startsWith("/") && !nextParam.startsWith("//") ? nextParam : "/";
  const { run, busy, error } = useAsyncAction();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    await run(async () => {
      const body: Record<string, string> = {
        username: String(form.get("username") ?? "").trim(),
        password: String(form.get("password") ?? ""),
      };
      const displayName = String(form.get("displayName") ?? "").trim();
      if (mode === "signup" && displayName) body.displayName = displayName;
      const res = await post<{ user: User }>(`/auth/${mode}`, body);
      qc.setQueryData(keys.me, res.user);
      await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "me" });
      navigate(next, { replace: true });
    });
  }

  return (
    <div className="narrow">
      <h1>{mode === "login" ? "Log in" : "Create your account"}</h1>
      <form className="form" onSubmit={submit} aria-describedby={error ? "auth-error" : undefined}>
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          required
          pattern="[a-z0-9][a-z0-9\-]{1,38}"
          title="2-39 lowercase letters, digits or dashes"
          autoCapitalize="none"
          spellCheck={false}
        />
        {mode === "signup" && (
          <Field
            label="Display name"
            note="optional, shown on the board"
            name="displayName"
            autoComplete="nickname"
            maxLength={80}
          />
        )}
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          minLength={mode === "signup" ? 8 : 1}
        />
        <ActionError error={error} id="auth-error" />
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? "…" : mode === "login" ? "Log in" : "Sign up"}
        </button>
      </form>
      <p className="muted">
        {mode === "login" ? (
          <>
            New here? <Link href={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
          </>
        ) : (
          <>
            Have an account? <Link href={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
          </>
        )}
      </p>
    </div>
  );
}
