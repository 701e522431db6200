// Participant routes around runs inside a jam: test runs of uncommitted work (`bsod test`) and
// the participant's submissions (a stage's instructions are in stages.ts).
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { enrollment, jamBySlug } from "../jams/jams.ts";
import { assertNot, jamClosed, MAX_FILES, waitingSlotFree } from "../submissions/admission.ts";
import { createSubmission } from "../submissions/create.ts";
import { TEST_RUN_REF } from "../submissions/source.ts";
import { inspectTarball } from "../submissions/tarball.ts";
import { visibleJam } from "./jams.ts";

export function runRoutes() {
  const app = new Hono<AppEnv>();

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
