// Tokens: random secrets shown once, stored as SHA-256, scoped, expiring and revocable. A browser
// session is a token of kind "session" (api scope only, in an HttpOnly cookie); everything else —
// the CLI's api token, git tokens, scripts' tokens — is a personal access token.
import { createHash, randomBytes } from "node:crypto";
import { newId } from "@bsod/contracts";
import type { DbOrTx } from "../db/schema.ts";
import type { Token } from "../db/tables/tokens.ts";
import type { User } from "../db/tables/users.ts";

export const TOKEN_PREFIX = "bsod_pat_";
export type Scope = "git" | "api";

const DAY_MS = 24 * 3600 * 1000;
/** A browser session lasts a week; logging in again starts a new one. */
export const SESSION_TTL_MS = 7 * DAY_MS;
/** A personal access token lasts this long unless its maker asks for less (or more, to a year). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
/** Revoked and expired rows are kept this long (the account page shows them), then deleted. */
export const KEEP_DEAD_TOKENS_MS = 30 * DAY_MS;

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: number;
}

export async function issueToken(
  db: DbOrTx,
  userId: string,
  opts: { name: string; scopes: Scope[]; kind?: Token["kind"]; ttlMs?: number },
): Promise<IssuedToken> {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const id = newId("tok");
  const now = Date.now();
  const expiresAt = now + (opts.ttlMs ?? DEFAULT_TOKEN_DAYS * DAY_MS);
  await db
    .insertInto("tokens")
    .values({
      id,
      user_id: userId,
      name: opts.name,
      token_hash: hashToken(token),
      scopes: opts.scopes.join(" "),
      kind: opts.kind ?? "personal",
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      expires_at: expiresAt,
    })
    .execute();
  return { id, token, expiresAt };
}

export const daysMs = (days: number) => days * DAY_MS;

/** A new browser session (api scope only). */
export const issueSession = (db: DbOrTx, userId: string) =>
  issueToken(db, userId, { name: "browser session", scopes: ["api"], kind: "session", ttlMs: SESSION_TTL_MS });

/**
 * The user a token belongs to, if the token is valid, unrevoked, unexpired and carries the scope.
 * Read from the database on every request, so a revoked token fails on the very next one.
 */
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
      "tokens.expires_at as token_expires_at",
      "tokens.last_used_at as token_last_used",
    ])
    .where("tokens.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.token_revoked_at !== null) return undefined;
  if (row.token_expires_at !== null && row.token_expires_at <= now) return undefined;
  if (!row.token_scopes.split(" ").includes(scope)) return undefined;
  const { token_id, token_scopes: _s, token_revoked_at: _r, token_expires_at: _e, token_last_used: _u, ...user } = row;
  // A write per request would serialize every authenticated read: refresh at most once a minute.
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

/** Revokes the token with this secret, whoever holds it (logout, a session rotated by a login). */
export async function revokeSecret(db: DbOrTx, secret: string): Promise<void> {
  await db
    .updateTable("tokens")
    .set({ revoked_at: Date.now() })
    .where("token_hash", "=", hashToken(secret))
    .where("revoked_at", "is", null)
    .execute();
}

/** Deletes tokens revoked or expired more than KEEP_DEAD_TOKENS_MS ago; returns how many. */
export async function pruneTokens(db: DbOrTx, now = Date.now()): Promise<number> {
  const before = now - KEEP_DEAD_TOKENS_MS;
  const res = await db
    .deleteFrom("tokens")
    .where((eb) => eb.or([eb("revoked_at", "<", before), eb("expires_at", "<", before)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** A token as its owner sees it (never the secret). */
export function tokenView(
  t: Pick<Token, "id" | "name" | "scopes" | "kind" | "created_at" | "last_used_at" | "revoked_at" | "expires_at">,
  now = Date.now(),
) {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    scopes: t.scopes.split(" "),
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    active: t.revoked_at === null && (t.expires_at === null || t.expires_at > now),
  };
}
