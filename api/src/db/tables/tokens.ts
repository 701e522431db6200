import type { Insertable, Selectable } from "kysely";

/** Personal access tokens; only a SHA-256 of the secret is stored. */
export interface TokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Space-separated scopes, e.g. "git api". */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** After this the token no longer works (null only for rows never migrated). */
  expires_at: number | null;
  /** "session": a browser's cookie (api scope only); "personal": CLI, scripts and git. */
  kind: "session" | "personal";
}
export type Token = Selectable<TokensTable>;
export type NewToken = Insertable<TokensTable>;
