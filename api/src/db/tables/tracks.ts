import { StageMetricSpec } from "@bsod/contracts";
import type { Insertable, Selectable } from "kysely";
import { jsonColumn } from "../json-column.ts";

export interface TracksTable {
  slug: string;
  title: string;
  summary: string;
  /** JSON array of language ids. */
  languages: string;
  /** JSON of the track manifest's limits override, or null. */
  limits: string | null;
  /** sha256 of the harness bundle; the bundle itself lives in Redis. */
  harness_hash: string;
  updated_at: number;
}
export type Track = Selectable<TracksTable>;

export interface StagesTable {
  track_slug: string;
  slug: string;
  position: number;
  title: string;
  difficulty: string;
  points: number;
  readme: string;
  /** JSON of the stage's limits override, or null. */
  limits: string | null;
  /** JSON {name, unit, better} for performance stages, or null. */
  metric: string | null;
}
export type Stage = Selectable<StagesTable>;
export type NewStage = Insertable<StagesTable>;

/** The `metric` column of a stage (decoded with the row id `<track>/<stage>`). */
export const stageMetric = jsonColumn("stages", "metric", StageMetricSpec);
