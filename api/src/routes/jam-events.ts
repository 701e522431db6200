// One SSE stream per jam: leaderboard changes, activity, announcements, unlocks, phase changes.
// Last-Event-ID resumes without gaps; a comment every 15 s keeps proxies from closing it.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AppEnv } from "../app-env.ts";
import { policy } from "../http/route-policy.ts";
import { sseFrame } from "../streams/sse-frame.ts";
import { visibleJam } from "./jams.ts";

export const HEARTBEAT_MS = 15_000;

export function jamEventRoutes() {
  const app = new Hono<AppEnv>();
  const getEventsPolicy = policy({ access: "anyone", summary: "A jam's live events (server-sent events)" });
  app.get("/:slug/events", getEventsPolicy, async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    const after = Number.parseInt(c.req.header("last-event-id") ?? c.req.query("after") ?? "0", 10) || 0;
    return streamSSE(c, async (stream) => {
      const ended = c.var.deps.metrics.streamOpened("jam");
      let closed = false;
      let chain = Promise.resolve();
      const unsubscribe = await c.var.deps.hub.subscribe(jam.id, after, (ev) => {
        chain = chain.then(() => (closed ? undefined : stream.write(sseFrame(ev)).then(() => undefined)));
      });
      // Sent at once: flushes the headers, and tells the client it is subscribed.
      chain = chain.then(() => stream.write(": subscribed\n\n").then(() => undefined));
      const heartbeat = setInterval(() => {
        chain = chain.then(() => (closed ? undefined : stream.write(": ping\n\n").then(() => undefined)));
      }, HEARTBEAT_MS);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      ended();
    });
  });
  return app;
}
