// Deterministic randomness for stage tests: the same seed and stage slug always produce the
// same inputs, so a participant can reproduce a failure, and a rejudge tests the same thing.
import { createHash } from "node:crypto";

const WORDS =
  "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu apple banana cherry mango lemon kiwi pear plum grape melon otter badger falcon heron lynx panda raven tiger walrus zebra kernel socket thread buffer stack heap cache queue".split(
    " ",
  );

export interface Random {
  /** The seed this generator was made from. */
  readonly seed: string;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
  bool(probability?: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  /** A lowercase word from a fixed, friendly list. */
  word(): string;
  words(count: number): string[];
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet?: string): string;
  /** An independent generator for a named sub-task (stable however many draws came before). */
  fork(name: string): Random;
}

/** sfc32 seeded from sha256(seed). */
export function createRandom(seed: string): Random {
  const h = createHash("sha256").update(seed).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`random.int(${min}, ${max}): need integers with min <= max`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError("random.pick() of an empty list");
    return items[int(0, items.length - 1)] as T;
  };
  const random: Random = {
    seed,
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick,
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    word: () => pick(WORDS),
    words: (count) => Array.from({ length: count }, () => pick(WORDS)),
    string(length, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") {
      let s = "";
      for (let i = 0; i < length; i++) s += alphabet[int(0, alphabet.length - 1)];
      return s;
    },
    fork: (name) => createRandom(`${seed}/${name}`),
  };
  return random;
}
