// What organizers did: every jam edit, publish, pause and resume, reveal, rejudge, hide,
// announcement and role change is written here with who did it and when; organizers read it in
// the console and at GET /api/v1/admin/audit.
import { newId } from "@bsod/contracts";
import type { DbOrTx } from "../db/schema.ts";
import { type AuditEntry, auditDetails } from "../db/tables/audit-log.ts";
import type { User } from "../db/tables/users.ts";

export type AuditAction =
  | "jam.create"
  | "jam.update"
  | "jam.publish"
  | "jam.pause"
  | "jam.resume"
  | "jam.reveal"
  | "jam.rejudge"
  | "participant.hide"
  | "participant.unhide"
  | "announcement.create"
  | "submission.retry"
  | "tracks.reload"
  | "user.role";

export async function recordAudit(
  db: DbOrTx,
  actor: Pick<User, "id" | "username">,
  action: AuditAction,
  about: { jam?: { id: string; slug: string }; target?: string; details?: Record<string, unknown> } = {},
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id: newId("aud"),
      at: Date.now(),
      actor_id: actor.id,
      actor_username: actor.username,
      action,
      jam_id: about.jam?.id ?? null,
      jam_slug: about.jam?.slug ?? null,
      target: about.target ?? null,
      details: auditDetails.encode(about.details ?? {}),
    })
    .execute();
}

export function auditView(e: AuditEntry) {
  return {
    id: e.id,
    at: e.at,
    actor: { id: e.actor_id, username: e.actor_username },
    action: e.action,
    jam: e.jam_slug,
    target: e.target,
    details: auditDetails.decode(e.details, e.id),
  };
}

/** Newest first; `before` pages back (an `at` from the previous page). */
export async function auditEntries(
  db: DbOrTx,
  q: { jamId?: string; before?: number; limit: number },
): Promise<ReturnType<typeof auditView>[]> {
  let query = db.selectFrom("audit_log").selectAll().orderBy("at", "desc").orderBy("id", "desc").limit(q.limit);
  if (q.jamId) query = query.where("jam_id", "=", q.jamId);
  if (q.before !== undefined) query = query.where("at", "<", q.before);
  return (await query.execute()).map(auditView);
}
