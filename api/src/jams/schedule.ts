// A jam's phase and stage unlocks, as functions of the clock (nothing is stored for them).
import type { JamPhase, UnlockSchedule } from "@bsod/contracts";
import { type Jam, jamColumns } from "../db/tables/jams.ts";

export function phaseOf(jam: Jam, now = Date.now()): JamPhase {
  if (jam.state === "draft") return "draft";
  if (now < jam.starts_at) return "registration";
  if (now >= jam.ends_at) return "finished";
  // Once revealed, the board is no longer frozen, whatever the clock says.
  if (jam.freeze_at !== null && now >= jam.freeze_at && jam.revealed_at === null) return "frozen";
  return "running";
}

export function unlockSchedule(jam: Jam): UnlockSchedule {
  return jamColumns.unlock.decode(jam.unlock, jam.id);
}

/** When each of `count` stages unlocks (Infinity: never, under the current schedule). */
export function unlockTimes(jam: Jam, count: number): number[] {
  const s = unlockSchedule(jam);
  return Array.from({ length: count }, (_, i) => {
    if (s.mode === "all") return jam.starts_at;
    if (s.mode === "interval") return jam.starts_at + i * s.everyMs;
    return s.times[i] ?? Number.POSITIVE_INFINITY;
  });
}

/** How many stages (in order) are open at `now`; none before the start. */
export function unlockedCount(jam: Jam, count: number, now = Date.now()): number {
  if (now < jam.starts_at) return 0;
  return unlockTimes(jam, count).filter((t) => t <= now).length;
}

/** Submissions are graded and counted only while the jam runs (a freeze still counts them). */
export function acceptsSubmissions(jam: Jam, now = Date.now()): boolean {
  const phase = phaseOf(jam, now);
  return (phase === "running" || phase === "frozen") && jam.paused === 0;
}

export function acceptsRegistration(jam: Jam, now = Date.now()): boolean {
  const phase = phaseOf(jam, now);
  if (phase === "draft" || phase === "finished") return false;
  if (jam.registration_opens_at !== null && now < jam.registration_opens_at) return false;
  if (phase === "registration") return true;
  return jam.late_registration === 1;
}

/** The public board is frozen from freeze_at until an organizer reveals it. */
export function publicCutoff(jam: Jam, now = Date.now()): number | undefined {
  if (jam.freeze_at === null || now < jam.freeze_at || jam.revealed_at !== null) return undefined;
  return jam.freeze_at;
}
