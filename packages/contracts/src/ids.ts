// Prefixed random ids, so a log line says what it points at.
import { randomBytes } from "node:crypto";

export type IdPrefix = "usr" | "tok" | "jam" | "sub" | "enr" | "evt" | "ann" | "aud";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(10).toString("base64url")}`;
}
