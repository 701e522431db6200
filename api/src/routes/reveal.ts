// The animated reveal of a frozen board: organizers may open it at any time after the freeze (to
// rehearse), everyone else once the board is revealed. Computed once per board version.
import { createHash } from "node:crypto";
import { Hono } from "hono";
import type { AppEnv, Deps } from "../app-env.ts";
import { isOrganizer } from "../auth/middleware.ts";
import type { Jam } from "../db/tables/jams.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { LatestMemo } from "../scoring/latest-memo.ts";
import { computeReveal, freezeOf } from "../scoring/reveal.ts";
import { type CachedJson, cachedJson } from "./cached-json.ts";
import { visibleJam } from "./jams.ts";

/** Jams whose reveal is kept (the last ones asked for). */
const KEPT = 8;

export function revealRoutes() {
  const app = new Hono<AppEnv>();
  const kept = new LatestMemo<CachedJson>(KEPT);

  // A big jam in a mode where every step re-ranks the whole board takes seconds: compute it once per
  // change of anything the boards depend on, however many screens ask at the same time.
  async function reveal(deps: Deps, jam: Jam): Promise<CachedJson> {
    const now = Date.now();
    const key = await deps.boards.stateKey(jam, "live", now);
    return kept.get(jam.id, key, async () => ({
      etag: `"${createHash("sha1").update(`${jam.id}|${key}`).digest("base64url")}"`,
      body: JSON.stringify(await computeReveal(deps.db, jam, now)),
    }));
  }

  app.get("/:slug/reveal", policy({ access: "anyone", summary: "The final standings, once revealed" }), async (c) => {
    const jam = await visibleJam(c, c.req.param("slug"));
    // A jam without a freeze has no reveal for anyone: say that rather than "not yet".
    freezeOf(jam);
    if (jam.revealed_at === null && !isOrganizer(c.var.user)) {
      throw new ApiError({
        code: "forbidden",
        message: "the board is still frozen: the reveal opens when the organizers reveal it",
      });
    }
    // Before the reveal only organizers may see it: no shared cache may keep it.
    return cachedJson(c, await reveal(c.var.deps, jam), jam.revealed_at === null ? "private" : "public");
  });
  return app;
}
