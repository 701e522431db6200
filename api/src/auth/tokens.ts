// Personal access tokens: random secrets shown once, stored as SHA-256, revocable, scoped.
import { createHash, randomBytes } from "node:crypto";
import { newId } from "@bsod/contracts";
import type { DbOrTx } from "../db/schema.ts";
import type { User } from "../db/tables/users.ts";

export const TOKEN_PREFIX = "bsod_pat_";
export type Scope = "git" | "api";

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export async function issueToken(
  db: DbOrTx,
  userId: string,
  name: string,
  scopes: Scope[] = ["git", "api"],
): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const id = newId("tok");
  await db
    .insertInto("tokens")
    .values({
      id,
      user_id: userId,
      name,
      token_hash: hashToken(token),
      scopes: scopes.join(" "),
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

/** The user a token belongs to, if the token is valid, unrevoked and carries the scope. */
export async function userForToken(db: DbOrTx, token: string, scope: Scope): Promise<User | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom("tokens")
    .innerJoin("users", "users.id", "tokens.user_id")
    .selectAll("users")
    .select([
      "tokens.id as token_id",
      "tokens.scopes as token_scopes",
      "tokens.revoked_at as token_revoked_at",
      "tokens.last_used_at as token_last_used",
    ])
    .where("tokens.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.token_revoked_at !== null) return undefined;
  if (!row.token_scopes.split(" ").includes(scope)) return undefined;
  const { token_id, token_scopes: _s, token_revoked_at: _r, token_last_used: _u, ...user } = row;
  // A write per request would serialize every authenticated read: refresh at most once a minute.
  const now = Date.now();
  if (row.token_last_used === null || now - row.token_last_used > 60_000) {
    await db.updateTable("tokens").set({ last_used_at: now }).where("id", "=", token_id).execute();
  }
  return user;
}

export async function revokeToken(db: DbOrTx, userId: string, tokenId: string): Promise<boolean> {
  const res = await db
    .updateTable("tokens")
    .set({ revoked_at: Date.now() })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
