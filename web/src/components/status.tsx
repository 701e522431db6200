// Loading, error and empty states, said the same way everywhere.
import type { ReactNode } from "react";
import { ApiError } from "../api/client.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="muted loading" aria-busy="true">
      {label}
    </p>
  );
}

export function ErrorBox({ error, children }: { error: unknown; children?: ReactNode }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="callout bad" role="alert">
      <strong>{error instanceof ApiError && error.status === 404 ? "Not found" : "Something went wrong"}</strong>
      <p>{message}</p>
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

/** What went wrong with the last submit or button press; nothing while all is well. */
export function ActionError({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="callout bad" role="alert" id={id}>
      {error}
    </p>
  );
}
