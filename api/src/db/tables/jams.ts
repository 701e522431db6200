import { ScoringOptions, UnlockSchedule } from "@bsod/contracts";
import type { Insertable, Selectable } from "kysely";
import { jsonColumn } from "../json-column.ts";

export interface JamsTable {
  id: string;
  slug: string;
  track_slug: string;
  title: string;
  description: string;
  /** "draft" until an organizer publishes it. */
  state: "draft" | "published";
  /** 1 while an organizer has paused submissions. */
  paused: number;
  /** When registration opens (null: as soon as it is published). */
  registration_opens_at: number | null;
  starts_at: number;
  ends_at: number;
  /** After this the public leaderboard stops changing until revealed. */
  freeze_at: number | null;
  revealed_at: number | null;
  /** 1 if participants may join after the start. */
  late_registration: number;
  /** JSON UnlockSchedule. */
  unlock: string;
  scoring_mode: "stages" | "points" | "metric";
  /** JSON ScoringOptions. */
  scoring_options: string;
  created_at: number;
  updated_at: number;
}
export type Jam = Selectable<JamsTable>;
export type NewJam = Insertable<JamsTable>;

/** The JSON columns of a jam: `encode` for writing, `decode(text, id)` for reading. */
export const jamColumns = {
  unlock: jsonColumn("jams", "unlock", UnlockSchedule),
  scoringOptions: jsonColumn("jams", "scoring_options", ScoringOptions),
};

export interface EnrollmentsTable {
  id: string;
  jam_id: string;
  user_id: string;
  language: string;
  /** 1 when an organizer disqualified/hid the participant from public boards. */
  hidden: number;
  created_at: number;
}
export type Enrollment = Selectable<EnrollmentsTable>;

export interface AnnouncementsTable {
  id: string;
  jam_id: string;
  author_id: string;
  body: string;
  created_at: number;
}
export type Announcement = Selectable<AnnouncementsTable>;
