// What a Program is given by the stage that owns it: how to run the participant's program, and
// the stage's signal, log and clock.
import type { StageFailure } from "./errors.ts";
import type { GuestLink } from "./guest.ts";

export interface ProgramConfig {
  /** Shell command that starts the program (arguments are appended). */
  run: string;
  workDir: string;
  /** 0 = run directly as the current user (host-side tests). */
  programUid: number;
  /** Program output allowed per stage, all processes together. */
  outputBytes: number;
  /** vm runs (stock kernel): the program runs in the guest machine. */
  guest?: GuestLink | undefined;
}

/** What a Program needs from the stage it belongs to. */
export interface StageLink {
  signal: AbortSignal;
  /** Forwards one line the program printed (the stage caps how many). */
  programLine(line: string): void;
  /** Ends the stage at once with this failure. */
  fatal(failure: StageFailure): void;
  /** Milliseconds left before the stage times out. */
  remainingMs(): number;
  /** Notes what the stage is waiting for (named if the stage times out); call the result when done. */
  waitingFor(what: string): () => void;
}
