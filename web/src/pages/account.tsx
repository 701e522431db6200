// Your account: git tokens (list, revoke, make a new one).
import { useQueryClient } from "@tanstack/react-query";
import { del } from "../api/client.ts";
import { keys, useTokens } from "../api/queries.ts";
import { CopyButton } from "../components/copy-button.tsx";
import { ListTable } from "../components/list-table.tsx";
import { RequireUser } from "../components/require-user.tsx";
import { ErrorBox, Loading } from "../components/status.tsx";
import { formatAgo, formatDate } from "../lib/format.ts";
import { setNewToken, useNewToken } from "../lib/session-token.ts";
import { useTitle } from "../lib/use-title.ts";
import { NewTokenForm } from "./start.tsx";

export function AccountPage() {
  useTitle("Account");
  return <RequireUser>{(user) => <Account username={user.username} displayName={user.displayName} />}</RequireUser>;
}

function Account({ username, displayName }: { username: string; displayName: string }) {
  const tokens = useTokens();
  const qc = useQueryClient();
  const secret = useNewToken();
  async function revoke(id: string) {
    await del(`/auth/tokens/${id}`);
    await qc.invalidateQueries({ queryKey: keys.tokens });
  }
  return (
    <>
      <h1>{displayName}</h1>
      <p className="muted">@{username}</p>
      <h2>Tokens</h2>
      <p>
        A git token is the password git asks for when you clone or push; the CLI and your browser sessions have tokens
        of their own. Each expires; revoke the ones you no longer use, and they stop working at once.
      </p>
      {secret ? (
        <div className="callout token">
          <p>Your newest token (shown only now):</p>
          <div className="token-row">
            <code className="secret">{secret}</code>
            <CopyButton text={secret} what="token" />
          </div>
          <button type="button" className="linkish" onClick={() => setNewToken(null)}>
            Hide it
          </button>
        </div>
      ) : (
        <NewTokenForm username={username} />
      )}
      {tokens.isLoading ? (
        <Loading />
      ) : tokens.error ? (
        <ErrorBox error={tokens.error} />
      ) : (
        <ListTable caption="Your tokens" columns={["Name", "Created", "Last used", "Expires", { hidden: "Actions" }]}>
          {tokens.data!.map((t) => (
            <tr key={t.id} className={t.active ? "" : "muted"}>
              <td>
                {t.name} <span className="muted small">{t.scopes.join(" ")}</span>
              </td>
              <td>{formatDate(t.createdAt)}</td>
              <td>{t.lastUsedAt ? formatAgo(t.lastUsedAt) : "never"}</td>
              <td>{t.expiresAt ? formatDate(t.expiresAt) : "never"}</td>
              <td>
                {t.revokedAt ? (
                  "revoked"
                ) : !t.active ? (
                  "expired"
                ) : (
                  <button type="button" className="btn small danger" onClick={() => revoke(t.id)}>
                    Revoke<span className="sr-only"> {t.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
