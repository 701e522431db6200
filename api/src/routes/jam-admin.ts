// Organizer actions on jams. Every route here requires the organizer role, and every action is
// written to the audit log (who, what, when).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { type AuditAction, recordAudit } from "../audit/audit-log.ts";
import type { Jam } from "../db/tables/jams.ts";
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

const Rejudge = z.object({ stage: z.string().optional() });
const Announcement = z.object({ body: z.string().trim().min(1).max(2000) });
const Hide = z.object({ hidden: z.boolean().default(true) });

function audit(
  c: Context<AppEnv>,
  action: AuditAction,
  jam: Jam,
  about: { target?: string; details?: Record<string, unknown> } = {},
) {
  return recordAudit(c.var.deps.db, c.var.user!, action, { jam, ...about });
}

export function jamAdminRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();

  app.post("/", policy({ access: "organizer", schema: JamCreate, summary: "Create a jam (a draft)" }), async (c) => {
    const input = JamCreate.parse(await jsonBody(c));
    const jam = await createJam(c.var.deps, input);
    await audit(c, "jam.create", jam, { details: { title: jam.title, track: jam.track_slug } });
    return c.json({ jam: jamView(jam) }, 201);
  });

  app.patch("/:slug", policy({ access: "organizer", schema: JamUpdate, summary: "Change a jam" }), async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const changes = JamUpdate.parse(await jsonBody(c));
    const next = await updateJam(c.var.deps, jam, changes);
    await audit(c, "jam.update", jam, { details: { changed: changes } });
    return c.json({ jam: jamView(next) });
  });

  const postPublishPolicy = policy({ access: "organizer", body: "none", summary: "Publish a draft jam" });
  app.post("/:slug/publish", postPublishPolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const next = await publishJam(c.var.deps, jam);
    await audit(c, "jam.publish", jam);
    return c.json({ jam: jamView(next) });
  });
  const postPausePolicy = policy({ access: "organizer", body: "none", summary: "Pause a jam's submissions" });
  app.post("/:slug/pause", postPausePolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const next = await setPaused(c.var.deps, jam, true);
    await audit(c, "jam.pause", jam);
    return c.json({ jam: jamView(next) });
  });
  const postResumePolicy = policy({ access: "organizer", body: "none", summary: "Resume a paused jam" });
  app.post("/:slug/resume", postResumePolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const next = await setPaused(c.var.deps, jam, false);
    await audit(c, "jam.resume", jam);
    return c.json({ jam: jamView(next) });
  });
  const postRevealPolicy = policy({ access: "organizer", body: "none", summary: "Reveal the final standings" });
  app.post("/:slug/reveal", postRevealPolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const next = await revealJam(c.var.deps, jam);
    await audit(c, "jam.reveal", jam);
    return c.json({ jam: jamView(next) });
  });

  const postRejudgePolicy = policy({
    access: "organizer",
    schema: Rejudge,
    summary: "Grade a jam's submissions again (optionally of one stage)",
  });
  app.post("/:slug/rejudge", postRejudgePolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { stage } = Rejudge.parse(await jsonBody(c, { optional: true }));
    const requeued = await rejudge(c.var.deps, repos, jam, stage);
    await audit(c, "jam.rejudge", jam, { target: stage, details: { requeued } });
    return c.json({ requeued }, 202);
  });

  const postAnnouncementsPolicy = policy({
    access: "organizer",
    schema: Announcement,
    summary: "Announce something to a jam",
  });
  app.post("/:slug/announcements", postAnnouncementsPolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { body } = Announcement.parse(await jsonBody(c));
    const row = await announce(c.var.deps, jam, c.var.user!.id, body);
    await audit(c, "announcement.create", jam, { details: { id: row.id, body } });
    return c.json({ announcement: { id: row.id, body: row.body, createdAt: row.created_at } }, 201);
  });

  const postParticipantsHidePolicy = policy({
    access: "organizer",
    schema: Hide,
    summary: "Hide a participant from the boards, or show them again",
  });
  app.post("/:slug/participants/:username/hide", postParticipantsHidePolicy, async (c) => {
    const jam = await jamBySlug(c.var.deps.db, c.req.param("slug"));
    const { hidden } = Hide.parse(await jsonBody(c, { optional: true }));
    await setHidden(c.var.deps, jam, c.req.param("username"), hidden);
    await audit(c, hidden ? "participant.hide" : "participant.unhide", jam, { target: c.req.param("username") });
    return c.json({ hidden });
  });
  return app;
}
