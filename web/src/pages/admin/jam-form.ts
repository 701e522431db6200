// The jam editor's form state and its translation to the api's JamCreate / JamUpdate body.
import type { JamView, ScoringMode, ScoringOptions, UnlockSchedule } from "../../api/types.ts";
import { fromLocalInput, toLocalInput } from "../../lib/format.ts";

export interface JamForm {
  slug: string;
  track: string;
  title: string;
  description: string;
  registrationOpensAt: string;
  startsAt: string;
  endsAt: string;
  freezeAt: string;
  lateRegistration: boolean;
  unlockMode: UnlockSchedule["mode"];
  everyMinutes: string;
  unlockTimes: string[];
  scoringMode: ScoringMode;
  firstSolveBonus: string;
  penaltyMinutes: string;
  decayOn: boolean;
  decayFunction: "linear" | "parabolic";
  decayInitial: string;
  decayDecay: string;
  decayMinimum: string;
}

const HOUR = 3600_000;

export function emptyForm(track = "", now = Date.now()): JamForm {
  const start = Math.floor(now / 60_000) * 60_000;
  return {
    slug: "",
    track,
    title: "",
    description: "",
    registrationOpensAt: "",
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(start + 3 * HOUR),
    freezeAt: "",
    lateRegistration: true,
    unlockMode: "all",
    everyMinutes: "1440",
    unlockTimes: [],
    scoringMode: "stages",
    firstSolveBonus: "",
    penaltyMinutes: "",
    decayOn: false,
    decayFunction: "linear",
    decayInitial: "500",
    decayDecay: "10",
    decayMinimum: "100",
  };
}

export function formFromJam(jam: JamView): JamForm {
  const o = jam.scoring.options;
  return {
    ...emptyForm(jam.track),
    slug: jam.slug,
    title: jam.title,
    description: jam.description,
    registrationOpensAt: toLocalInput(jam.registrationOpensAt),
    startsAt: toLocalInput(jam.startsAt),
    endsAt: toLocalInput(jam.endsAt),
    freezeAt: toLocalInput(jam.freezeAt),
    lateRegistration: jam.lateRegistration,
    unlockMode: jam.unlock.mode,
    everyMinutes: jam.unlock.mode === "interval" ? String(jam.unlock.everyMs / 60_000) : "1440",
    unlockTimes: jam.unlock.mode === "times" ? jam.unlock.times.map((t) => toLocalInput(t)) : [],
    scoringMode: jam.scoring.mode,
    firstSolveBonus: o.firstSolveBonus !== undefined ? String(o.firstSolveBonus) : "",
    penaltyMinutes: o.penalty ? String(o.penalty.minutesPerFailure) : "",
    decayOn: !!o.decay,
    decayFunction: o.decay?.function ?? "linear",
    decayInitial: String(o.decay?.initial ?? 500),
    decayDecay: String(o.decay?.decay ?? 10),
    decayMinimum: String(o.decay?.minimum ?? 100),
  };
}

/** The request body; throws an Error naming the field when an input cannot be read. */
export function bodyFromForm(f: JamForm, create: boolean): Record<string, unknown> {
  const time = (name: string, v: string) => {
    const ms = fromLocalInput(v);
    if (ms === null) throw new Error(`${name}: pick a date and time`);
    return ms;
  };
  const int = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${name}: must be a number`);
    return n;
  };
  let unlock: UnlockSchedule = { mode: "all" };
  if (f.unlockMode === "interval")
    unlock = { mode: "interval", everyMs: Math.round(int("unlock every", f.everyMinutes) * 60_000) };
  if (f.unlockMode === "times") {
    const times = f.unlockTimes.filter(Boolean).map((t, i) => time(`unlock time ${i + 1}`, t));
    if (times.length === 0) throw new Error("unlock times: give at least stage 1 a time");
    unlock = { mode: "times", times };
  }
  const options: ScoringOptions = {};
  if (f.firstSolveBonus.trim()) options.firstSolveBonus = int("first-solve bonus", f.firstSolveBonus);
  if (f.scoringMode === "stages" && f.penaltyMinutes.trim())
    options.penalty = { minutesPerFailure: int("penalty", f.penaltyMinutes) };
  if (f.scoringMode !== "stages" && f.decayOn) {
    options.decay = {
      function: f.decayFunction,
      initial: int("decay initial", f.decayInitial),
      decay: int("decay", f.decayDecay),
      minimum: int("decay minimum", f.decayMinimum),
    };
  }
  const body: Record<string, unknown> = {
    title: f.title.trim(),
    description: f.description,
    startsAt: time("starts", f.startsAt),
    endsAt: time("ends", f.endsAt),
    registrationOpensAt: fromLocalInput(f.registrationOpensAt),
    freezeAt: fromLocalInput(f.freezeAt),
    lateRegistration: f.lateRegistration,
    unlock,
    scoring: { mode: f.scoringMode, options },
  };
  if (create) {
    body.slug = f.slug.trim();
    body.track = f.track;
  }
  return body;
}
