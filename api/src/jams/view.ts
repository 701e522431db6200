// How a jam is shown over the api.
import { type Jam, jamColumns } from "../db/tables/jams.ts";
import { phaseOf, unlockSchedule, unlockTimes } from "./schedule.ts";

export interface StageRow {
  slug: string;
  title: string;
  difficulty: string;
  points: number;
  position: number;
}

export function jamView(jam: Jam, now = Date.now()) {
  return {
    slug: jam.slug,
    title: jam.title,
    description: jam.description,
    track: jam.track_slug,
    phase: phaseOf(jam, now),
    paused: jam.paused === 1,
    registrationOpensAt: jam.registration_opens_at,
    startsAt: jam.starts_at,
    endsAt: jam.ends_at,
    freezeAt: jam.freeze_at,
    revealedAt: jam.revealed_at,
    lateRegistration: jam.late_registration === 1,
    unlock: unlockSchedule(jam),
    scoring: { mode: jam.scoring_mode, options: jamColumns.scoringOptions.decode(jam.scoring_options, jam.id) },
  };
}

export function stagesView(jam: Jam, stages: StageRow[], now = Date.now()) {
  const times = unlockTimes(jam, stages.length);
  return stages.map((s, i) => {
    const at = times[i] ?? Number.POSITIVE_INFINITY;
    return { ...s, unlocksAt: Number.isFinite(at) ? at : null, locked: !(at <= now && now >= jam.starts_at) };
  });
}
