import type { Insertable, Selectable } from "kysely";

export interface JamsTable {
  id: string;
  slug: string;
  track_slug: string;
  title: string;
  status: "draft" | "open" | "running" | "finished";
  starts_at: number;
  ends_at: number;
  scoring_mode: "stages" | "points" | "metric";
  created_at: number;
}
export type Jam = Selectable<JamsTable>;
export type NewJam = Insertable<JamsTable>;

export interface EnrollmentsTable {
  id: string;
  jam_id: string;
  user_id: string;
  language: string;
  created_at: number;
}
export type Enrollment = Selectable<EnrollmentsTable>;
