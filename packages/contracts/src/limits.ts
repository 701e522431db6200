// Sandbox limits: defaults, organizer maxima, and the merge of track and stage overrides.
import { z } from "zod";

export const Limits = z.object({
  /** Memory for the whole sandbox (build, harness and program), no swap. */
  memoryMb: z.number().int().min(32).max(16_384),
  /** CPU quota in cores. */
  cpus: z.number().min(0.1).max(16),
  /** Max processes/threads in the sandbox. */
  pids: z.number().int().min(16).max(4096),
  /** Size of the writable work dir (tmpfs; counts against memory). */
  workDirMb: z.number().int().min(1).max(4096),
  /** Wall-clock limit of the build step. */
  buildTimeoutMs: z.number().int().min(1_000).max(600_000),
  /** Wall-clock limit of each stage. */
  stageTimeoutMs: z.number().int().min(500).max(600_000),
  /** Bytes of output captured per build / per program run before it is stopped. */
  outputBytes: z
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024),
});
export type Limits = z.infer<typeof Limits>;

export const LimitsOverride = Limits.partial();
export type LimitsOverride = z.infer<typeof LimitsOverride>;

export const DEFAULT_LIMITS: Limits = {
  memoryMb: 512,
  cpus: 1,
  pids: 128,
  workDirMb: 64,
  buildTimeoutMs: 60_000,
  stageTimeoutMs: 10_000,
  outputBytes: 1024 * 1024,
};

/** What an organizer may raise limits to, unless the deployment says otherwise. */
export const MAX_LIMITS: Limits = {
  memoryMb: 4_096,
  cpus: 2,
  pids: 1_024,
  workDirMb: 1_024,
  buildTimeoutMs: 300_000,
  stageTimeoutMs: 120_000,
  outputBytes: 16 * 1024 * 1024,
};

/** Applies overrides in order (track, then stage), clamped to the maxima. */
export function resolveLimits(
  overrides: Array<LimitsOverride | undefined>,
  base: Limits = DEFAULT_LIMITS,
  max: Limits = MAX_LIMITS,
): Limits {
  const merged: Limits = { ...base };
  for (const o of overrides) {
    if (!o) continue;
    for (const [k, v] of Object.entries(o) as Array<[keyof Limits, number | undefined]>) {
      if (v !== undefined) merged[k] = v;
    }
  }
  for (const k of Object.keys(merged) as Array<keyof Limits>) {
    merged[k] = Math.min(merged[k], max[k]);
  }
  return merged;
}

/**
 * The limits of the one sandbox that runs every stage of a track: the track's own, raised to
 * the largest any stage asks for, clamped to the maxima.
 */
export function sandboxLimits(track: LimitsOverride | undefined, stages: Array<LimitsOverride | undefined>): Limits {
  const merged = resolveLimits([track]);
  for (const stage of stages) {
    for (const [k, v] of Object.entries(LimitsOverride.parse(stage ?? {})) as Array<
      [keyof Limits, number | undefined]
    >) {
      if (v !== undefined && v > merged[k]) merged[k] = v;
    }
  }
  return resolveLimits([merged]);
}
