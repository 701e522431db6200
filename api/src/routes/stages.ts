// A stage's instructions inside a jam, for anyone who may see the jam (locked stages only for
// organizers until they unlock).
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { isOrganizer } from "../auth/middleware.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { stagesView } from "../jams/view.ts";
import { stageReadme, trackStages } from "../tracks/stages.ts";
import { visibleJam } from "./jams.ts";

export function stageRoutes() {
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
  return app;
}
