// Participant routes around runs inside a jam: test runs of uncommitted work (`bsod test`),
// the participant's submissions, and stage instructions.
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { isOrganizer } from "../auth/middleware.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { enrollment, jamBySlug } from "../jams/jams.ts";
import { stagesView } from "../jams/view.ts";
import { assertNot, jamClosed, MAX_FILES, waitingSlotFree } from "../submissions/admission.ts";
import { createSubmission } from "../submissions/create.ts";
import { TEST_RUN_REF } from "../submissions/source.ts";
import { inspectTarball } from "../submissions/tarball.ts";
import { stageReadme, trackStages } from "../tracks/stages.ts";
import { visibleJam } from "./jams.ts";

export function runRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/:slug/stages/:stage", policy({ access: "anyone", summary: "A stage's instructions" }), async (c) => {
    const { db } = c.var.deps;
    const jam = await visibleJam(c, c.req.param("slug"));
    const stages = stagesView(jam, await trackStages(db, jam.track_slug));
    const stage = stages.find((s) => s.slug === c.req.param("stage"));
    if (!stage) throw new ApiError({ code: "not_found", message: `no stage '${c.req.param("stage")}' in ${jam.slug}` });
    if (stage.locked && !isOrganizer(c.var.user)) {
      throw new ApiError({
        code: "forbidden",
        message:
          stage.unlocksAt !== null
            ? `stage ${stage.position} unlocks at ${new Date(stage.unlocksAt).toISOString()}`
            : `stage ${stage.position} is locked`,
      });
    }
    const { slug, title, position, difficulty, points, locked, unlocksAt } = stage;
    const readme = (await stageReadme(db, jam.track_slug, slug)) ?? "";
    return c.json({ stage: { slug, title, position, difficulty, points, readme, locked, unlocksAt } });
  });

  const getSubmissionsPolicy = policy({ access: "user", summary: "Your submissions and test runs in a jam" });
  app.get("/:slug/submissions", getSubmissionsPolicy, async (c) => {
    const { db } = c.var.deps;
    const jam = await jamBySlug(db, c.req.param("slug"));
    const rows = await db
      .selectFrom("submissions")
      .select(["id", "commit_sha", "status", "counted", "created_at", "finished_at"])
      .where("jam_id", "=", jam.id)
      .where("user_id", "=", c.var.user!.id)
      .orderBy("created_at", "desc")
      .limit(50)
      .execute();
    return c.json({
      submissions: rows.map((r) => ({
        id: r.id,
        commit: r.commit_sha,
        status: r.status,
        counted: r.counted === 1,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
      })),
    });
  });

  app.post(
    "/:slug/test-runs",
    // A tarball of the working tree, up to the source limit (counted as it arrives).
    policy({
      access: "user",
      body: { maxBytes: (config) => config.maxSourceBytes, type: "application/x-tar" },
      summary: "Run the tests on a tarball of the working tree (not counted)",
    }),
    async (c) => {
      const deps = c.var.deps;
      const jam = await jamBySlug(deps.db, c.req.param("slug"));
      const user = c.var.user!;
      const enr = await enrollment(deps.db, jam.id, user.id);
      if (!enr) throw new ApiError({ code: "forbidden", message: `join ${jam.slug} first` });
      assertNot(jamClosed(jam));
      assertNot(await waitingSlotFree(deps, user.id));
      const declared = Number(c.req.header("content-length") ?? "0");
      if (declared > deps.config.maxSourceBytes) {
        throw new ApiError({
          code: "payload_too_large",
          message: `upload is ${declared} bytes; the limit is ${deps.config.maxSourceBytes}`,
        });
      }
      const source = Buffer.from(await c.req.arrayBuffer());
      const { manifest } = await inspectTarball(source, MAX_FILES);
      const sub = await createSubmission(deps, {
        jam,
        userId: user.id,
        language: enr.language,
        commitSha: "working-tree",
        ref: TEST_RUN_REF,
        source,
        manifest,
        counted: false,
        requestId: c.var.requestId,
      });
      return c.json({ submission: { id: sub.id, status: sub.status, counted: false } }, 202);
    },
  );
  return app;
}
