// Jams for everyone: list, details, join, the leaderboard (ETag, paginated), statistics,
// activity, progress for a chart, a participant's page, announcements.
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { isOrganizer } from "../auth/middleware.ts";
import { issueToken } from "../auth/tokens.ts";
import type { Jam } from "../db/tables/jams.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { jsonBody } from "../http/json-body.ts";
import { publicBase } from "../http/public-url.ts";
import { policy } from "../http/route-policy.ts";
import { cloneUrl, enroll, enrollment, jamBySlug } from "../jams/jams.ts";
import { publicCutoff } from "../jams/schedule.ts";
import { jamView, stagesView } from "../jams/view.ts";
import { type BoardView, ownBoard } from "../scoring/leaderboard.ts";
import { activityFeed, progressSeries, stageStats } from "../scoring/stats.ts";
import { trackStages } from "../tracks/stages.ts";
import { cachedJson } from "./cached-json.ts";

const Enroll = z.object({ language: z.string().min(1) });
const Page = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  view: z.enum(["public", "live"]).default("public"),
});
const ActivityPage = z.object({
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const Progress = z.object({ top: z.coerce.number().int().min(1).max(50).default(10) });

/** Drafts exist only for organizers. */
export async function visibleJam(c: { var: AppEnv["Variables"] }, slug: string): Promise<Jam> {
  const jam = await jamBySlug(c.var.deps.db, slug);
  if (jam.state === "draft" && !isOrganizer(c.var.user))
    throw new ApiError({ code: "not_found", message: `no jam named '${slug}'` });
  return jam;
}

function viewFor(user: User | undefined, asked: BoardView): BoardView {
  if (asked === "live" && !isOrganizer(user))
    throw new ApiError({ code: "forbidden", message: "only organizers see the live board during a freeze" });
  return asked;
}

export function jamRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();

  app.get("/", policy({ access: "anyone", summary: "The jams" }), async (c) => {
    let q = c.var.deps.db.selectFrom("jams").selectAll().orderBy("starts_at", "desc");
    if (!isOrganizer(c.var.user)) q = q.where("state", "=", "published");
    const rows = await q.execute();
    return c.json({ jams: rows.map((j) => jamView(j)) });
  });

  app.get("/:slug", policy({ access: "anyone", summary: "One jam" }), async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const track = c.var.deps.tracks.get(jam.track_slug);
    const stages = (await trackStages(c.var.deps.db, jam.track_slug)).map(
      ({ slug, title, difficulty, points, position }) => ({ slug, title, difficulty, points, position }),
    );
    return c.json({
      jam: { ...jamView(jam), languages: track?.track.manifest.languages ?? [], stages: stagesView(jam, stages) },
    });
  });

  const postEnrollPolicy = policy({
    access: "user",
    schema: Enroll,
    summary: "Join a jam (answers a git token for pushes)",
  });
  app.post("/:slug/enroll", postEnrollPolicy, async (c) => {
    const deps = c.var.deps;
    const jam = await visibleJam(c, c.req.param("slug"));
    const { language } = Enroll.parse(await jsonBody(c));
    const user = c.var.user!;
    const enr = await enroll(deps, repos, jam, user, language);
    // A token for git only, shown once: the password for clone and push.
    const { id, token, expiresAt } = await issueToken(deps.db, user.id, { name: `git: ${jam.slug}`, scopes: ["git"] });
    return c.json(
      {
        enrollment: { jam: jam.slug, language: enr.language, joinedAt: enr.created_at },
        cloneUrl: cloneUrl(publicBase(c), user, jam),
        gitToken: { id, secret: token, expiresAt },
      },
      201,
    );
  });

  app.get("/:slug/me", policy({ access: "user", summary: "Your enrollment and progress in a jam" }), async (c) => {
    const deps = c.var.deps;
    const jam = await visibleJam(c, c.req.param("slug"));
    const enr = await enrollment(deps.db, jam.id, c.var.user!.id);
    return c.json({
      enrolled: !!enr,
      language: enr?.language ?? null,
      cloneUrl: enr ? cloneUrl(publicBase(c), c.var.user!, jam) : null,
    });
  });

  const getLeaderboardPolicy = policy({ access: "anyone", query: Page, summary: "The leaderboard (paginated, ETag)" });
  app.get("/:slug/leaderboard", getLeaderboardPolicy, async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const page = Page.parse(c.req.query());
    const view = viewFor(c.var.user, page.view);
    const cached = await c.var.deps.boards.page(jam, view, page.offset, page.limit);
    return cachedJson(c, cached, view === "live" ? "private" : "public");
  });

  app.get("/:slug/stats", policy({ access: "anyone", summary: "Per-stage statistics" }), async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    return c.json({ stages: await stageStats(c.var.deps.db, jam, publicCutoff(jam)) });
  });

  const getActivityPolicy = policy({ access: "anyone", query: ActivityPage, summary: "Recent activity, newest first" });
  app.get("/:slug/activity", getActivityPolicy, async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const q = ActivityPage.parse(c.req.query());
    const items = await activityFeed(c.var.deps.db, jam, {
      cutoff: publicCutoff(jam),
      before: q.before,
      limit: q.limit,
    });
    return c.json({ activity: items });
  });

  const getProgressPolicy = policy({ access: "anyone", query: Progress, summary: "The leaders' progress over time" });
  app.get("/:slug/progress", getProgressPolicy, async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const { top } = Progress.parse(c.req.query());
    const { board } = await c.var.deps.boards.board(jam, "public");
    return c.json({ series: await progressSeries(c.var.deps.db, jam, board, top, publicCutoff(jam)) });
  });

  app.get("/:slug/participants/:username", policy({ access: "anyone", summary: "A participant's page" }), async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const username = c.req.param("username");
    const own = c.var.user?.username === username;
    // Participants always see their own results, even during a freeze, and nothing more of
    // others than the public board shows; organizers see the live board.
    const organizer = isOrganizer(c.var.user);
    const view: BoardView = own || organizer ? "live" : "public";
    const board =
      own && !organizer
        ? await ownBoard(c.var.deps.db, jam, c.var.user!.id)
        : (await c.var.deps.boards.board(jam, view)).board;
    const entry = board.entries.find((e) => e.user.username === username && (!e.hidden || view === "live"));
    if (!entry) throw new ApiError({ code: "not_found", message: `${username} is not a participant of ${jam.slug}` });
    return c.json({ participant: entry, stages: board.stages, frozen: board.jam.frozen && !own });
  });

  app.get("/:slug/announcements", policy({ access: "anyone", summary: "The organizers' announcements" }), async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const rows = await c.var.deps.db
      .selectFrom("announcements")
      .select(["id", "body", "created_at"])
      .where("jam_id", "=", jam.id)
      .orderBy("created_at", "desc")
      .limit(100)
      .execute();
    return c.json({ announcements: rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at })) });
  });
  return app;
}
