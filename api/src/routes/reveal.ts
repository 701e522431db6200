// The animated reveal of a frozen board: organizers may open it at any time after the freeze (to
// rehearse), everyone else once the board is revealed. Computed once per board version.
import { createHash } from "node:crypto";
import type { RevealView } from "@bsod/contracts/api-types";
import { Hono } from "hono";
import type { AppEnv, Deps } from "../app-env.ts";
import { isOrganizer } from "../auth/middleware.ts";
import type { Jam } from "../db/tables/jams.ts";
import { ApiError } from "../errors.ts";
import { boardVersion } from "../jams/live.ts";
import { phaseOf, unlockedCount } from "../jams/schedule.ts";
import { computeReveal, freezeOf } from "../scoring/reveal.ts";
import { type CachedJson, cachedJson } from "./cached-json.ts";
import { visibleJam } from "./jams.ts";

/** Jams whose reveal is kept (the last ones asked for). */
const KEPT = 8;

interface Cached extends CachedJson {
  key: string;
}

export function revealRoutes() {
  const app = new Hono<AppEnv>();
  const kept = new Map<string, Cached>();
  const inflight = new Map<string, Promise<Cached>>();

  // A big jam in a mode where every step re-ranks the whole board takes seconds: compute it once per
  // change of anything it depends on, however many screens ask at the same time.
  async function reveal(deps: Deps, jam: Jam): Promise<Cached> {
    const now = Date.now();
    const version = await boardVersion(deps.redis, jam.id);
    const key = `${jam.id}|${version}|${jam.updated_at}|${phaseOf(jam, now)}|${unlockedCount(jam, 64, now)}`;
    const hit = kept.get(jam.id);
    if (hit?.key === key) return hit;
    let flight = inflight.get(key);
    if (!flight) {
      flight = computeReveal(deps.db, jam, now)
        .then((view: RevealView) => {
          const body = JSON.stringify(view);
          const fresh = { key, etag: `"${createHash("sha1").update(key).digest("base64url")}"`, body };
          kept.delete(jam.id);
          kept.set(jam.id, fresh);
          if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
          return fresh;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, flight);
    }
    return flight;
  }

  app.get("/:slug/reveal", async (c) => {
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
