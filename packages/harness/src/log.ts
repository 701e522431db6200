// The stage's log as the participant reads it. Plain text: the display adds [stage:<slug>].
export interface Log {
  /** What the test is about to do, e.g. "$ redis-cli PING". */
  step(text: string): void;
  info(text: string): void;
  /** Something the program got right. */
  pass(text: string): void;
  warn(text: string): void;
}

export function createLog(emit: (line: string) => void, onStep: (text: string) => void): Log {
  const lines = (text: string) => String(text).split("\n");
  return {
    step(text) {
      onStep(String(text));
      for (const l of lines(text)) emit(l);
    },
    info(text) {
      for (const l of lines(text)) emit(l);
    },
    pass(text) {
      for (const l of lines(text)) emit(`✓ ${l}`);
    },
    warn(text) {
      for (const l of lines(text)) emit(`! ${l}`);
    },
  };
}
