// Organizer actions on jams. Every route here requires the organizer role.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import type { RepoStore } from "../git/repos.ts";
import { jsonBody } from "../http/json-body.ts";
import { policy } from "../http/route-policy.ts";
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

  app.post("/", policy({ access: "organizer" }), async (c) => {
    const jam = await createJam(c.var.deps, JamCreate.parse(await jsonBody(c)));
    return c.json({ jam: jamView(jam) }, 201);
  });

  app.patch("/:slug", policy({ access: "organizer" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await updateJam(c.var.deps, jam, JamUpdate.parse(await jsonBody(c)))) });
  });

  app.post("/:slug/publish", policy({ access: "organizer", body: "none" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await publishJam(c.var.deps, jam)) });
  });
  app.post("/:slug/pause", policy({ access: "organizer", body: "none" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await setPaused(c.var.deps, jam, true)) });
  });
  app.post("/:slug/resume", policy({ access: "organizer", body: "none" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await setPaused(c.var.deps, jam, false)) });
  });
  app.post("/:slug/reveal", policy({ access: "organizer", body: "none" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    return c.json({ jam: jamView(await revealJam(c.var.deps, jam)) });
  });

  app.post("/:slug/rejudge", policy({ access: "organizer" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { stage } = z.object({ stage: z.string().optional() }).parse(await jsonBody(c, { optional: true }));
    return c.json({ requeued: await rejudge(c.var.deps, repos, jam, stage) }, 202);
  });

  app.post("/:slug/announcements", policy({ access: "organizer" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { body } = z.object({ body: z.string().trim().min(1).max(2000) }).parse(await jsonBody(c));
    const row = await announce(c.var.deps, jam, c.var.user!.id, body);
    return c.json({ announcement: { id: row.id, body: row.body, createdAt: row.created_at } }, 201);
  });

  app.post("/:slug/participants/:username/hide", policy({ access: "organizer" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { hidden } = z.object({ hidden: z.boolean().default(true) }).parse(await jsonBody(c, { optional: true }));
    await setHidden(c.var.deps, jam, c.req.param("username"), hidden);
    return c.json({ hidden });
  });
  return app;
}
