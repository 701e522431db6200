// Assembles the Hono app: request ids, auth, the route groups, errors, and the web app.
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv, Deps } from "./app-env.ts";
import { resolveUser } from "./auth/middleware.ts";
import { errorHandler, notFound } from "./errors.ts";
import type { RepoStore } from "./git/repos.ts";
import { limitBodies } from "./http/body-limit.ts";
import { policy } from "./http/route-policy.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { adminRoutes } from "./routes/admin.ts";
import { authRoutes } from "./routes/auth.ts";
import { backupRoutes } from "./routes/backup.ts";
import { docsRoutes } from "./routes/docs.ts";
import { gitRoutes } from "./routes/git.ts";
import { healthRoutes } from "./routes/health.ts";
import { internalRoutes } from "./routes/internal.ts";
import { jamAdminRoutes } from "./routes/jam-admin.ts";
import { jamEventRoutes } from "./routes/jam-events.ts";
import { jamRoutes } from "./routes/jams.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { revealRoutes } from "./routes/reveal.ts";
import { runRoutes } from "./routes/runs.ts";
import { stageRoutes } from "./routes/stages.ts";
import { submissionRoutes } from "./routes/submissions.ts";
import { webRoutes } from "./routes/web.ts";

export function createApp(deps: Deps, repos: RepoStore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.logger));
  app.use(async function provideDeps(c, next) {
    c.set("deps", deps);
    // A caller's (or proxy's) id is kept if it is a sane token, so logs join up across hops.
    const given = c.req.header("x-request-id");
    const requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    c.set("user", undefined);
    await next();
    c.header("x-request-id", requestId);
  });
  app.use(securityHeaders(deps.config));
  app.use(deps.metrics.middleware());
  app.use(limitBodies());
  app.route("/", healthRoutes());
  app.route("/", metricsRoutes());
  app.route("/git", gitRoutes(repos));
  app.route("/internal", internalRoutes(repos));

  const api = new Hono<AppEnv>();
  // Cookie sessions: refuse cross-site form posts (the cookie is also SameSite=Lax). A request
  // with a bearer token carries its own credential, which no other site can make a browser send.
  const refuseCrossSite = csrf();
  api.use(async function csrfForCookies(c, next) {
    if (c.req.header("authorization")?.startsWith("Bearer ")) return next();
    return refuseCrossSite(c, next);
  });
  api.use(resolveUser());
  api.get("/health", policy({ access: "anyone", summary: "The api answers" }), (c) => c.json({ ok: true }));
  api.route("/auth", authRoutes());
  api.route("/jams", jamRoutes(repos));
  api.route("/jams", revealRoutes());
  api.route("/jams", stageRoutes());
  api.route("/jams", runRoutes());
  api.route("/jams", jamEventRoutes());
  api.route("/admin/jams", jamAdminRoutes(repos));
  api.route("/admin/backup", backupRoutes(repos));
  api.route("/admin", adminRoutes(repos));
  api.route("/submissions", submissionRoutes());
  // A sub-app's notFound is not consulted once it is mounted, so unknown API paths end here
  // (and below) instead of falling through to the web app's HTML.
  api.all("*", policy({ access: "anyone", body: "none" }), (c) => notFound(c));
  app.route("/api/v1", api);
  // The API reference, made from the route table above (and below: it is read at the first request).
  app.route("/api", docsRoutes(app));
  app.all("/api/*", policy({ access: "anyone", body: "none" }), (c) => notFound(c));
  app.all("/git/*", policy({ access: "anyone", body: "none" }), (c) =>
    notFound(c, "not a bsod repository path: clone URLs look like /git/<user>/<jam>.git"),
  );

  app.route("/", webRoutes());
  return app;
}
