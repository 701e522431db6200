// The ways a stage ends other than passing. A StageFailure carries a verdict the participant
// sees; anything else thrown by the test code is a bug in the stage (internal_error).
import type { Verdict } from "@bsod/contracts";

export interface FailureOptions {
  hint?: string | undefined;
}

/** Ends the stage with a verdict and a message written for the participant. */
export class StageFailure extends Error {
  override name = "StageFailure";
  readonly verdict: Exclude<Verdict, "passed">;
  readonly hint: string | undefined;

  constructor(verdict: Exclude<Verdict, "passed">, message: string, options: FailureOptions = {}) {
    super(message);
    this.verdict = verdict;
    this.hint = options.hint;
  }
}

/** A failed expectation: wrong behaviour of the participant's program. */
export class ExpectationFailed extends StageFailure {
  override name = "ExpectationFailed";
  constructor(message: string, options: FailureOptions = {}) {
    super("failed", message, options);
  }
}

export function isStageFailure(e: unknown): e is StageFailure {
  return e instanceof StageFailure;
}

/** Fails the stage with the author's message (verdict `failed`). */
export function fail(message: string, hint?: string): never {
  throw new ExpectationFailed(message, { hint });
}
