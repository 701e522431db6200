// Organizer views: queue health, workers and the jobs in the queue (retry one), every submission
// of a jam, track previews, and reloading the tracks folder without a restart.
import { QUEUE_NAMES } from "@bsod/contracts";
import { Queue } from "bullmq";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { auditEntries, recordAudit } from "../audit/audit-log.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { jsonBody } from "../http/json-body.ts";
import { policy } from "../http/route-policy.ts";
import { retrySubmission } from "../jams/admin.ts";
import { jamBySlug } from "../jams/jams.ts";

const JOB_STATES = {
  waiting: ["waiting", "prioritized", "delayed"],
  active: ["active"],
  failed: ["failed"],
} as const;

const SubmissionsPage = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  user: z.string().optional(),
});
const AuditPage = z.object({
  jam: z.string().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const JobsQuery = z.object({ state: z.enum(["waiting", "active", "failed"]) });
const RoleChange = z.object({ role: z.enum(["participant", "organizer"]) });

export function adminRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
  let results: Queue | undefined;

  app.get("/queue", policy({ access: "organizer", summary: "The grading queue and workers" }), async (c) => {
    const deps = c.var.deps;
    results ??= new Queue(QUEUE_NAMES.results, { connection: deps.redis, prefix: deps.config.queuePrefix });
    const states = ["waiting", "active", "completed", "failed", "delayed", "prioritized"] as const;
    const [grade, applied, workers] = await Promise.all([
      deps.gradeQueue.getJobCounts(...states),
      results.getJobCounts(...states),
      deps.gradeQueue.getWorkers(),
    ]);
    return c.json({ grade, results: applied, workers: workers.length });
  });

  // The jobs behind the numbers: who is waiting, running, or failed (and why).
  const getQueueJobsPolicy = policy({
    access: "organizer",
    query: JobsQuery,
    summary: "The jobs in the grading queue",
  });
  app.get("/queue/jobs", getQueueJobsPolicy, async (c) => {
    const { db, gradeQueue } = c.var.deps;
    const { state } = JobsQuery.parse(c.req.query());
    const jobs = await gradeQueue.getJobs([...JOB_STATES[state]], 0, 99, true);
    const ids = [
      ...new Set(jobs.map((j) => (j?.data as { submissionId?: string } | undefined)?.submissionId).filter(Boolean)),
    ] as string[];
    const rows = ids.length
      ? await db
          .selectFrom("submissions")
          .innerJoin("users", "users.id", "submissions.user_id")
          .innerJoin("jams", "jams.id", "submissions.jam_id")
          .select([
            "submissions.id",
            "submissions.status",
            "submissions.counted",
            "submissions.attempt",
            "users.username",
            "jams.slug",
          ])
          .where("submissions.id", "in", ids)
          .execute()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return c.json({
      state,
      jobs: jobs
        .filter(Boolean)
        // A failed job whose submission has been retried since (a newer attempt) is history.
        .filter((j) => {
          const data = j.data as { submissionId: string; attempt?: number };
          const sub = byId.get(data.submissionId);
          return !(state === "failed" && sub && (data.attempt ?? 1) < sub.attempt);
        })
        .map((j) => {
          const data = j.data as { submissionId: string; attempt?: number };
          const sub = byId.get(data.submissionId);
          return {
            id: j.id,
            submissionId: data.submissionId,
            attempt: data.attempt ?? 1,
            username: sub?.username ?? null,
            jam: sub?.slug ?? null,
            counted: sub ? sub.counted === 1 : null,
            submissionStatus: sub?.status ?? null,
            queuedAt: j.timestamp,
            startedAt: j.processedOn ?? null,
            failedReason: j.failedReason || null,
            tries: j.attemptsMade,
          };
        }),
    });
  });

  const postRetryPolicy = policy({ access: "organizer", body: "none", summary: "Grade one submission again" });
  app.post("/submissions/:id/retry", postRetryPolicy, async (c) => {
    const sub = await retrySubmission(c.var.deps, repos, c.req.param("id"));
    const jam = await c.var.deps.db
      .selectFrom("jams")
      .select(["id", "slug"])
      .where("id", "=", sub.jam_id)
      .executeTakeFirst();
    await recordAudit(c.var.deps.db, c.var.user!, "submission.retry", {
      ...(jam ? { jam } : {}),
      target: sub.id,
      details: { attempt: sub.attempt },
    });
    return c.json({ submission: { id: sub.id, attempt: sub.attempt, status: sub.status } }, 202);
  });

  // Reads the tracks folder again: new and changed tracks are loaded, broken ones are reported
  // (file:line) and skipped, keeping the version the running jams use.
  const postReloadPolicy = policy({ access: "organizer", body: "none", summary: "Load the tracks folder again" });
  app.post("/tracks/reload", postReloadPolicy, async (c) => {
    const { tracks, config, db } = c.var.deps;
    const report = await tracks.loadFrom(config.challengesDir);
    await recordAudit(db, c.var.user!, "tracks.reload", {
      details: { loaded: report.loaded.map((t) => t.slug), failed: report.failed.map((f) => f.folder) },
    });
    return c.json({ report });
  });

  const getJamsSubmissionsPolicy = policy({
    access: "organizer",
    query: SubmissionsPage,
    summary: "A jam's submissions",
  });
  app.get("/jams/:slug/submissions", getJamsSubmissionsPolicy, async (c) => {
    const { db } = c.var.deps;
    const jam = await jamBySlug(db, c.req.param("slug"));
    const q = SubmissionsPage.parse(c.req.query());
    let query = db
      .selectFrom("submissions")
      .innerJoin("users", "users.id", "submissions.user_id")
      .select([
        "submissions.id",
        "users.username",
        "submissions.commit_sha",
        "submissions.status",
        "submissions.counted",
        "submissions.attempt",
        "submissions.failed_stage",
        "submissions.created_at",
        "submissions.finished_at",
      ])
      .where("submissions.jam_id", "=", jam.id);
    if (q.user) query = query.where("users.username", "=", q.user);
    const rows = await query.orderBy("submissions.created_at", "desc").offset(q.offset).limit(q.limit).execute();
    return c.json({
      submissions: rows.map((r) => ({
        id: r.id,
        username: r.username,
        commit: r.commit_sha,
        status: r.status,
        counted: r.counted === 1,
        attempt: r.attempt,
        failedStage: r.failed_stage,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
      })),
    });
  });

  // The audit log, newest first: every organizer action (optionally of one jam).
  const getAuditPolicy = policy({ access: "organizer", query: AuditPage, summary: "The audit log, newest first" });
  app.get("/audit", getAuditPolicy, async (c) => {
    const q = AuditPage.parse(c.req.query());
    const jam = q.jam ? await jamBySlug(c.var.deps.db, q.jam) : undefined;
    return c.json({ entries: await auditEntries(c.var.deps.db, { jamId: jam?.id, before: q.before, limit: q.limit }) });
  });

  // Makes a user an organizer, or a participant again.
  const postUsersRolePolicy = policy({
    access: "organizer",
    schema: RoleChange,
    summary: "Make a user an organizer, or a participant again",
  });
  app.post("/users/:username/role", postUsersRolePolicy, async (c) => {
    const { db } = c.var.deps;
    const { role } = RoleChange.parse(await jsonBody(c));
    const username = c.req.param("username");
    const user = await db
      .selectFrom("users")
      .select(["id", "role"])
      .where("username", "=", username)
      .executeTakeFirst();
    if (!user) throw new ApiError({ code: "not_found", message: `no user named '${username}'` });
    if (user.id === c.var.user!.id && role !== "organizer") {
      throw new ApiError({
        code: "conflict",
        message: "you cannot take your own organizer role away; ask another organizer",
      });
    }
    if (user.role !== role) {
      await db.updateTable("users").set({ role }).where("id", "=", user.id).execute();
      await recordAudit(db, c.var.user!, "user.role", { target: username, details: { from: user.role, to: role } });
    }
    return c.json({ user: { username, role } });
  });

  app.get("/tracks", policy({ access: "organizer", summary: "The tracks a jam can use" }), (c) =>
    c.json({
      report: c.var.deps.tracks.lastReport(),
      tracks: c.var.deps.tracks.list().map(({ track }) => ({
        slug: track.manifest.slug,
        title: track.manifest.title,
        summary: track.manifest.summary,
        languages: track.manifest.languages,
        stages: track.stages.length,
      })),
    }),
  );

  app.get("/tracks/:slug", policy({ access: "organizer", summary: "One track and its stages" }), (c) => {
    const entry = c.var.deps.tracks.get(c.req.param("slug"));
    if (!entry) throw new ApiError({ code: "not_found", message: `no track named '${c.req.param("slug")}'` });
    const t = entry.track;
    return c.json({
      track: {
        slug: t.manifest.slug,
        title: t.manifest.title,
        summary: t.manifest.summary,
        languages: t.manifest.languages,
        stages: t.stages.map((s) => ({
          slug: s.slug,
          title: s.title,
          position: s.position,
          difficulty: s.difficulty,
          points: s.points,
          readme: s.readme,
          ...(s.metric ? { metric: s.metric } : {}),
        })),
      },
    });
  });
  return app;
}
