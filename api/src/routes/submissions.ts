// Submissions: details for their owner (and organizers), and the live run log as SSE.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../app-env.ts";
import type { Db } from "../db/schema.ts";
import { resultOf, stagesOf } from "../db/tables/submissions.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { followRunEvents } from "../streams/run-events.ts";
import { sseFrame } from "../streams/sse-frame.ts";

async function visibleSubmission(db: Db, id: string, user: User) {
  const sub = await db.selectFrom("submissions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!sub || (sub.user_id !== user.id && user.role !== "organizer")) {
    throw new ApiError({ code: "not_found", message: `no submission '${id}'` });
  }
  return sub;
}

export function submissionRoutes() {
  const app = new Hono<AppEnv>();

  const getPolicy = policy({ access: "user", resource: "owner-or-organizer", summary: "A submission and its result" });
  app.get("/:id", getPolicy, async (c) => {
    const sub = await visibleSubmission(c.var.deps.db, c.req.param("id"), c.var.user!);
    const jam = await c.var.deps.db
      .selectFrom("jams")
      .select(["slug", "title"])
      .where("id", "=", sub.jam_id)
      .executeTakeFirst();
    return c.json({
      submission: {
        id: sub.id,
        jam: jam ? { slug: jam.slug, title: jam.title } : null,
        commit: sub.commit_sha,
        language: sub.language,
        status: sub.status,
        stages: stagesOf(sub),
        counted: sub.counted === 1,
        createdAt: sub.created_at,
        finishedAt: sub.finished_at,
        result: resultOf(sub),
      },
    });
  });

  const getEventsPolicy = policy({
    access: "user",
    resource: "owner-or-organizer",
    summary: "A submission's run, live (server-sent events)",
  });
  app.get("/:id/events", getEventsPolicy, async (c) => {
    const sub = await visibleSubmission(c.var.deps.db, c.req.param("id"), c.var.user!);
    const after = Number.parseInt(c.req.header("last-event-id") ?? c.req.query("after") ?? "0", 10) || 0;
    return streamSSE(c, async (stream) => {
      const ac = new AbortController();
      stream.onAbort(() => ac.abort());
      const ended = c.var.deps.metrics.streamOpened("run");
      try {
        for await (const ev of followRunEvents(c.var.deps.runs, sub.id, { afterSeq: after, signal: ac.signal })) {
          await stream.write(sseFrame(ev));
        }
      } finally {
        ended();
      }
    });
  });
  return app;
}
