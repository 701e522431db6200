// A track's stages, in order: the one query every push, board, page and clock tick asks.
import type { DbOrTx } from "../db/schema.ts";

/** A stage as the api uses it, without its README (the one big column: see stageReadme). */
export interface TrackStage {
  slug: string;
  title: string;
  position: number;
  difficulty: string;
  points: number;
  /** JSON {name, unit, better} for performance stages, or null. */
  metric: string | null;
}

export function trackStages(db: DbOrTx, trackSlug: string): Promise<TrackStage[]> {
  return db
    .selectFrom("stages")
    .select(["slug", "title", "position", "difficulty", "points", "metric"])
    .where("track_slug", "=", trackSlug)
    .orderBy("position")
    .execute();
}

export async function stageReadme(db: DbOrTx, trackSlug: string, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("stages")
    .select("readme")
    .where("track_slug", "=", trackSlug)
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row?.readme;
}
