// Routes: path patterns to pages. TV and overlay pages render without the site frame.
import { lazy, Suspense, useEffect, useRef } from "react";
import { Layout } from "./components/layout.tsx";
import { Loading } from "./components/status.tsx";
import { AccountPage } from "./pages/account.tsx";
import { AuthPage } from "./pages/auth.tsx";
import { HomePage } from "./pages/home.tsx";
import { JamPage } from "./pages/jam.tsx";
import { JoinPage } from "./pages/join.tsx";
import { OverlayPage } from "./pages/overlay.tsx";
import { ParticipantPage } from "./pages/participant.tsx";
import { RunPage } from "./pages/run.tsx";
import { StartPage } from "./pages/start.tsx";
import { SubmissionsPage } from "./pages/submissions.tsx";
import { TvPage } from "./pages/tv.tsx";
import { match, usePath } from "./router.tsx";

// Organizer pages and the markdown renderer (highlight.js) load on demand.
const AdminHome = lazy(() => import("./pages/admin/admin-home.tsx").then((m) => ({ default: m.AdminHome })));
const AdminJamPage = lazy(() => import("./pages/admin/jam-admin.tsx").then((m) => ({ default: m.AdminJamPage })));
const QueuePage = lazy(() => import("./pages/admin/queue.tsx").then((m) => ({ default: m.QueuePage })));
const TrackPage = lazy(() => import("./pages/admin/track.tsx").then((m) => ({ default: m.TrackPage })));
const StagePage = lazy(() => import("./pages/stage.tsx").then((m) => ({ default: m.StagePage })));
// The reveal is for the big screen on a jam night: not worth loading for every visitor.
const RevealPage = lazy(() => import("./pages/reveal.tsx").then((m) => ({ default: m.RevealPage })));

type Route = [string, (p: Record<string, string>) => React.ReactNode, { bare?: boolean; wide?: boolean }?];

const ROUTES: Route[] = [
  ["/", () => <HomePage />],
  ["/login", () => <AuthPage mode="login" />],
  ["/signup", () => <AuthPage mode="signup" />],
  ["/account", () => <AccountPage />],
  ["/jams/:slug", (p) => <JamPage slug={p.slug!} />, { wide: true }],
  ["/jams/:slug/tv", (p) => <TvPage slug={p.slug!} />, { bare: true }],
  ["/jams/:slug/overlay", (p) => <OverlayPage slug={p.slug!} />, { bare: true }],
  ["/jams/:slug/reveal", (p) => <RevealPage slug={p.slug!} />, { bare: true }],
  ["/jams/:slug/join", (p) => <JoinPage slug={p.slug!} />],
  ["/jams/:slug/start", (p) => <StartPage slug={p.slug!} />],
  ["/jams/:slug/submissions", (p) => <SubmissionsPage slug={p.slug!} />],
  ["/jams/:slug/stages/:stage", (p) => <StagePage slug={p.slug!} stage={p.stage!} />],
  ["/jams/:slug/u/:username", (p) => <ParticipantPage slug={p.slug!} username={p.username!} />],
  ["/runs/:id", (p) => <RunPage id={p.id!} />],
  ["/admin", () => <AdminHome />],
  ["/admin/queue", () => <QueuePage />],
  ["/admin/jams/new", () => <AdminJamPage slug={null} />, { wide: true }],
  ["/admin/jams/:slug", (p) => <AdminJamPage slug={p.slug!} />, { wide: true }],
  ["/admin/tracks/:slug", (p) => <TrackPage slug={p.slug!} />],
];

export function App() {
  const path = usePath();
  let page: React.ReactNode = null;
  let opts: Route[2] = {};
  for (const [pattern, render, o] of ROUTES) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      opts = o ?? {};
      break;
    }
  }
  const shownPath = useRef(path);
  useEffect(() => {
    // After client-side navigation, move focus to the new page for keyboard and screen-reader
    // users (not on first load).
    if (shownPath.current === path) return;
    shownPath.current = path;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [path]);
  if (page === null) {
    return (
      <Layout>
        <h1>Page not found</h1>
        <p>
          Nothing lives at <code>{path}</code>. <a href="/">Back to the jams</a>.
        </p>
      </Layout>
    );
  }
  const content = <Suspense fallback={<Loading />}>{page}</Suspense>;
  if (opts?.bare) return content;
  return <Layout wide={opts?.wide ?? false}>{content}</Layout>;
}
