// GET /metrics for a Prometheus scraper: off unless METRICS_TOKEN is set, and then only for a
// request that presents it as a bearer token (the numbers describe every participant's runs).
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { secretMatches } from "../auth/secret.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";

export function metricsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/metrics", policy({ access: "anyone", body: "none", summary: "Prometheus metrics" }), async (c) => {
    const { config, metrics } = c.var.deps;
    if (!config.metricsToken) {
      throw new ApiError({ code: "not_found", message: "metrics are off: set METRICS_TOKEN to serve them" });
    }
    const given = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
    if (!secretMatches(given, config.metricsToken)) {
      throw new ApiError({ code: "unauthorized", message: "send 'Authorization: Bearer <METRICS_TOKEN>'" });
    }
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { "content-type": metrics.registry.contentType });
  });
  return app;
}
