// The page frame: a skip link, the header with navigation and the account menu, the main area.
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { post } from "../api/client.ts";
import { keys, useMe } from "../api/queries.ts";
import { setNewToken } from "../lib/session-token.ts";
import { Link, navigate, usePath } from "../router.tsx";

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const me = useMe();
  const qc = useQueryClient();
  const path = usePath();
  const user = me.data ?? null;

  async function logout() {
    await post("/auth/logout");
    setNewToken(null);
    qc.setQueryData(keys.me, null);
    await qc.invalidateQueries();
    navigate("/");
  }

  const next = encodeURIComponent(path);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <nav className="nav" aria-label="Main">
          <Link href="/" className="brand" aria-label="bsod home">
            <span className="brand-mark" aria-hidden="true">
              :(
            </span>
            <span className="brand-name">bsod</span>
          </Link>
          <Link href="/" aria-current={path === "/" ? "page" : undefined}>
            Jams
          </Link>
          {user?.role === "organizer" && (
            <Link href="/admin" aria-current={path.startsWith("/admin") ? "page" : undefined}>
              Organize
            </Link>
          )}
          <span className="nav-spacer" />
          {user ? (
            <>
              <Link href="/account" className="nav-user" aria-current={path === "/account" ? "page" : undefined}>
                {user.displayName}
              </Link>
              <button type="button" className="btn ghost small" onClick={logout}>
                Log out
              </button>
            </>
          ) : me.isLoading ? null : (
            <>
              <Link href={`/login?next=${next}`}>Log in</Link>
              <Link href={`/signup?next=${next}`} className="btn small primary">
                Sign up
              </Link>
            </>
          )}
        </nav>
      </header>
      <main id="main" className={wide ? "page wide" : "page"} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function PhaseBadge({ phase, paused }: { phase: string; paused?: boolean }) {
  if (paused) return <span className="badge paused">Paused</span>;
  const label =
    { draft: "Draft", registration: "Registration", running: "Running", frozen: "Frozen", finished: "Finished" }[
      phase
    ] ?? phase;
  // "Live" belongs to the connection indicator (LiveDot) alone.
  return <span className={`badge phase-${phase}`}>{label}</span>;
}
