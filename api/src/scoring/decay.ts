// CTFd dynamic scoring: what a stage is worth once `solvers` participants have solved it.
import type { DecayOptions } from "./types.ts";

/**
 * Everyone who solved gets the current value (retroactively), so the first solver is not
 * penalised: s = max(solvers − 1, 0). linear: initial − decay × s; parabolic:
 * ((minimum − initial) / decay²) × s² + initial; then ceil, then at least `minimum`.
 */
export function decayedValue(options: DecayOptions, solvers: number): number {
  const { initial, minimum } = options;
  const s = Math.max(solvers - 1, 0);
  let value: number;
  if (options.function === "linear") {
    value = initial - options.decay * s;
  } else {
    // CTFd treats a decay of 0 as 1 (the minimum is reached at the second solver) rather than divide by zero.
    const decay = options.decay === 0 ? 1 : options.decay;
    // Multiply before dividing: with integer options the quotient is then exact whenever the true value is an
    // integer, so ceil cannot round e.g. 216.00000000000003 up to 217 (1000 → 100 over 45, at 43 solvers).
    value = ((minimum - initial) * s * s) / (decay * decay) + initial;
  }
  return Math.max(Math.ceil(value), minimum);
}
