// Jams: list, details, joining with a language, and the public leaderboard.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { requireUser } from "../auth/middleware.ts";
import type { RepoStore } from "../git/repos.ts";
import { cloneUrl, enroll, enrollment, jamBySlug } from "../jams/jams.ts";
import { computeLeaderboard } from "../scoring/leaderboard.ts";

const Enroll = z.object({ language: z.string().min(1) });

function jamView(jam: {
  slug: string;
  title: string;
  track_slug: string;
  status: string;
  starts_at: number;
  ends_at: number;
  scoring_mode: string;
}) {
  return {
    slug: jam.slug,
    title: jam.title,
    track: jam.track_slug,
    status: jam.status,
    startsAt: jam.starts_at,
    endsAt: jam.ends_at,
    scoring: jam.scoring_mode,
  };
}

export function jamRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const rows = await c.var.deps.db
      .selectFrom("jams")
      .selectAll()
      .where("status", "!=", "draft")
      .orderBy("starts_at", "desc")
      .execute();
    return c.json({ jams: rows.map(jamView) });
  });

  app.get("/:slug", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const track = c.var.deps.tracks.get(jam.track_slug);
    const stages = await c.var.deps.db
      .selectFrom("stages")
      .select(["slug", "title", "difficulty", "points", "position"])
      .where("track_slug", "=", jam.track_slug)
      .orderBy("position")
      .execute();
    return c.json({ jam: { ...jamView(jam), languages: track?.track.manifest.languages ?? [], stages } });
  });

  app.post("/:slug/enroll", requireUser(), async (c) => {
    const deps = c.var.deps;
    const jam = await jamBySlug(deps.db, c.req.param("slug"));
    const { language } = Enroll.parse(await c.req.json());
    const user = c.var.user!;
    const enr = await enroll(deps, repos, jam, user, language);
    return c.json(
      {
        enrollment: { jam: jam.slug, language: enr.language, joinedAt: enr.created_at },
        cloneUrl: cloneUrl(deps, user, jam),
      },
      201,
    );
  });

  app.get("/:slug/me", requireUser(), async (c) => {
    const deps = c.var.deps;
    const jam = await jamBySlug(deps.db, c.req.param("slug"));
    const enr = await enrollment(deps.db, jam.id, c.var.user!.id);
    return c.json({
      enrolled: !!enr,
      language: enr?.language ?? null,
      cloneUrl: enr ? cloneUrl(deps, c.var.user!, jam) : null,
    });
  });

  app.get("/:slug/leaderboard", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json(await computeLeaderboard(c.var.deps.db, jam));
  });
  return app;
}
