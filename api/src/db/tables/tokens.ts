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
}
export type Token = Selectable<TokensTable>;
export type NewToken = Insertable<TokensTable>;
