// Organizer actions on jams. Every route here requires the organizer role.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { requireRole } from "../auth/middleware.ts";
import type { RepoStore } from "../git/repos.ts";
import {
  announce,
  createJam,
  JamCreate,
  JamUpdate,
  publishJam,
  rejudge,
  revealJam,
  setHidden,
  setPaused,
  updateJam,
} from "../jams/admin.ts";
import { jamBySlug } from "../jams/jams.ts";
import { jamView } from "../jams/view.ts";

export function jamAdminRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
  app.use(requireRole("organizer"));

  app.post("/", async (c) => {
    const jam = await createJam(c.var.deps, JamCreate.parse(await c.req.json()));
    return c.json({ jam: jamView(jam) }, 201);
  });

  app.patch("/:slug", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await updateJam(c.var.deps, jam, JamUpdate.parse(await c.req.json()))) });
  });

  app.post("/:slug/publish", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await publishJam(c.var.deps, jam)) });
  });
  app.post("/:slug/pause", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await setPaused(c.var.deps, jam, true)) });
  });
  app.post("/:slug/resume", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await setPaused(c.var.deps, jam, false)) });
  });
  app.post("/:slug/reveal", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await revealJam(c.var.deps, jam)) });
  });

  app.post("/:slug/rejudge", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { stage } = z.object({ stage: z.string().optional() }).parse(await c.req.json().catch(() => ({})));
    return c.json({ requeued: await rejudge(c.var.deps, repos, jam, stage) }, 202);
  });

  app.post("/:slug/announcements", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { body } = z.object({ body: z.string().trim().min(1).max(2000) }).parse(await c.req.json());
    const row = await announce(c.var.deps, jam, c.var.user!.id, body);
    return c.json({ announcement: { id: row.id, body: row.body, createdAt: row.created_at } }, 201);
  });

  app.post("/:slug/participants/:username/hide", async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { hidden } = z.object({ hidden: z.boolean().default(true) }).parse(await c.req.json().catch(() => ({})));
    await setHidden(c.var.deps, jam, c.req.param("username"), hidden);
    return c.json({ hidden });
  });
  return app;
}
