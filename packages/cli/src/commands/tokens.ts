// bsod tokens: your tokens (browser sessions, the CLI's, git tokens), and revoking one.
import { ApiClient } from "../client.ts";
import { pc, println } from "../output.ts";
import { readSettings, requireLogin } from "../settings.ts";

interface TokenRow {
  id: string;
  name: string;
  kind: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  active: boolean;
}

const day = (ms: number | null) => (ms === null ? "never" : new Date(ms).toISOString().slice(0, 10));

export async function listTokens(opts: { all?: boolean }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  const { tokens } = await api.request<{ tokens: TokenRow[] }>("GET", "/auth/tokens");
  const shown = opts.all ? tokens : tokens.filter((t) => t.active);
  if (shown.length === 0) {
    println("no active tokens");
    return;
  }
  for (const t of shown) {
    const state = t.revokedAt ? pc.red("revoked") : t.active ? `expires ${day(t.expiresAt)}` : pc.dim("expired");
    const used = t.lastUsedAt ? `used ${day(t.lastUsedAt)}` : "never used";
    println(`${t.id}  ${pc.bold(t.name)}  ${t.kind} [${t.scopes.join(" ")}]  ${state}  ${pc.dim(used)}`);
  }
}

export async function revokeToken(id: string) {
  const s = requireLogin(readSettings());
  await new ApiClient(s.server, s.token).request("DELETE", `/auth/tokens/${encodeURIComponent(id)}`);
  println(`revoked ${id}`);
}
