// Jam settings an organizer chooses, and the live events a jam's SSE stream carries.
import { z } from "zod";
import type { ScoringOptions as SharedScoringOptions } from "./api-types.ts";

export const UnlockSchedule = z.discriminatedUnion("mode", [
  /** Every stage is open from the start. */
  z.strictObject({ mode: z.literal("all") }),
  /** Stage 1 at the start, then one more every `everyMs` (e.g. one a day). */
  z.strictObject({ mode: z.literal("interval"), everyMs: z.number().int().min(60_000) }),
  /** Stage i unlocks at times[i] (epoch ms); stages beyond the list stay locked. */
  z.strictObject({ mode: z.literal("times"), times: z.array(z.number().int()).min(1) }),
]);
export type UnlockSchedule = z.infer<typeof UnlockSchedule>;

export const ScoringOptions = z.strictObject({
  decay: z
    .strictObject({
      function: z.enum(["linear", "parabolic"]),
      initial: z.number().int().min(1),
      decay: z.number().min(0.0001),
      minimum: z.number().int().min(0),
    })
    .optional(),
  firstSolveBonus: z.number().int().min(0).optional(),
  penalty: z.strictObject({ minutesPerFailure: z.number().int().min(0) }).optional(),
});
export type ScoringOptions = z.infer<typeof ScoringOptions>;
// The schema and the plain type the api and the browser use must describe the same options.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const scoringOptionsMatch: Same<ScoringOptions, SharedScoringOptions> = true;
void scoringOptionsMatch;

export const JamPhase = z.enum(["draft", "registration", "running", "frozen", "finished"]);
export type JamPhase = z.infer<typeof JamPhase>;

const base = { seq: z.number().int().positive(), at: z.number().int() };

export const JamEvent = z.discriminatedUnion("type", [
  /** The board changed; fetch it again (the ETag changes with `version`). */
  z.object({ ...base, type: z.literal("leaderboard.changed"), version: z.number().int() }),
  z.object({
    ...base,
    type: z.literal("activity"),
    kind: z.enum(["stage.passed", "joined"]),
    username: z.string(),
    displayName: z.string(),
    stage: z.object({ slug: z.string(), title: z.string(), position: z.number().int() }).optional(),
    text: z.string(),
  }),
  z.object({ ...base, type: z.literal("announcement"), id: z.string(), body: z.string() }),
  z.object({
    ...base,
    type: z.literal("stage.unlocked"),
    stage: z.object({ slug: z.string(), title: z.string(), position: z.number().int() }),
  }),
  z.object({ ...base, type: z.literal("jam.phase"), phase: JamPhase, paused: z.boolean() }),
]);
export type JamEvent = z.infer<typeof JamEvent>;
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type NewJamEvent = DistributiveOmit<JamEvent, "seq" | "at">;

export const jamKeys = {
  events: (jamId: string) => `bsod:jam:${jamId}:events`,
  seq: (jamId: string) => `bsod:jam:${jamId}:seq`,
  version: (jamId: string) => `bsod:jam:${jamId}:version`,
};
