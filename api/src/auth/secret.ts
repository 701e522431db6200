// Compares a presented secret with the expected one in constant time.
import { timingSafeEqual } from "node:crypto";

export function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
