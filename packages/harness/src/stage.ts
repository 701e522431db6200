// What a stage test is: an async run(ctx), optionally its slug and title. defineStage only checks the
// shape; the runtime (runtime.ts) runs stages and reports their verdicts.
import type { Metric } from "@bsod/contracts";
import type { expect } from "./expect.ts";
import type { ProgramFiles } from "./files.ts";
import type { Fixtures } from "./fixtures.ts";
import type { Log } from "./log.ts";
import type { Program } from "./program.ts";
import type { Random } from "./random.ts";
import type { Services } from "./services.ts";

export interface StageContext {
  /** The participant's program: run(), start(), connect(). */
  program: Program;
  /** Lines for the participant's log: step / info / pass / warn. */
  log: Log;
  expect: typeof expect;
  /** Fails the stage with verdict `failed` and this message. */
  fail(message: string, hint?: string): never;
  /** Seed of this stage's randomness (config seed + slug). */
  seed: string;
  /** Deterministic randomness, seeded by the run's seed and the stage's slug. */
  random: Random;
  /** Files shipped beside the stage's test.ts in `fixtures/`. */
  fixtures: Fixtures;
  /** A scratch directory the program can read and write; removed after the stage. */
  tmpDir: string;
  /** Reads and writes files in the program's directories as the program's user. */
  files: ProgramFiles;
  /** Aborted when the stage times out or fails; pass it to anything long. */
  signal: AbortSignal;
  /** The stage's slug. */
  slug: string;
  /**
   * The run's sidecar services declared in stage.yaml/track.yaml (`ctx.services.db`): host and
   * port, stop/start/pause/resume, state, and exec (psql, redis-cli) in the service.
   */
  services: Services;
}

/** What run() may return: a measured value for performance stages. */
// biome-ignore lint/suspicious/noConfusingVoidType: run() usually returns nothing
export type StageReturn = void | { metric: number | Metric };

export interface StageDefinition {
  /** Optional: the stage's folder (NN-<slug>) names it; when given it must match. */
  slug?: string;
  title?: string;
  /** A shorter limit than the sandbox's per-stage limit (never longer). */
  timeoutMs?: number;
  run(ctx: StageContext): Promise<StageReturn> | StageReturn;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function defineStage(stage: StageDefinition): StageDefinition {
  if (typeof stage !== "object" || stage === null) throw new TypeError("defineStage() needs an object");
  if (stage.slug !== undefined && (typeof stage.slug !== "string" || !SLUG.test(stage.slug))) {
    throw new TypeError(
      `defineStage(): slug ${JSON.stringify(stage.slug)} must be lowercase letters, digits and dashes`,
    );
  }
  const name = stage.slug ?? stage.title ?? "";
  if (typeof stage.run !== "function") throw new TypeError(`defineStage(${name}): run must be a function`);
  if (stage.timeoutMs !== undefined && !(Number.isInteger(stage.timeoutMs) && stage.timeoutMs > 0)) {
    throw new TypeError(`defineStage(${name}): timeoutMs must be a positive integer`);
  }
  return Object.freeze({ ...stage });
}
