import type { Insertable, Selectable } from "kysely";
import { z } from "zod";
import { jsonColumn } from "../json-column.ts";

/** One organizer action; `details` is JSON (what changed, the new value). */
export interface AuditLogTable {
  id: string;
  at: number;
  actor_id: string;
  actor_username: string;
  action: string;
  jam_id: string | null;
  jam_slug: string | null;
  /** Whom or what inside the jam it was done to (a username, a stage). */
  target: string | null;
  details: string;
}
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

/** The `details` column: an object of what changed. */
export const auditDetails = jsonColumn("audit_log", "details", z.record(z.string(), z.unknown()));
