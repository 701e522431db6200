// Git-only tokens for the repositories `bsod clone` made: minted through the api, kept in the
// settings file (0600), and handed to git by `bsod credential` (a git credential helper), so no
// token is ever written into a repository's .git/config.
import type { ApiClient } from "./client.ts";
import { type Settings, type StoredToken, storedSettings, writeSettings } from "./settings.ts";

/** A repository URL as a key: no credentials, no trailing slash. */
export function repoKey(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.toString().replace(/\/+$/, "");
}

/** A token that still has a day to live. */
const usable = (t: StoredToken | undefined, now = Date.now()) => t && t.expiresAt > now + 24 * 3600_000;

export function storedGitToken(settings: Settings, url: string): StoredToken | undefined {
  return settings.gitTokens?.[repoKey(url)];
}

export function saveGitToken(url: string, token: StoredToken): void {
  const s = storedSettings();
  writeSettings({ ...s, gitTokens: { ...s.gitTokens, [repoKey(url)]: token } });
}

/** The repository's git token, making a new one through the api when there is none that lives on. */
export async function ensureGitToken(
  api: ApiClient,
  settings: Settings,
  url: string,
  jam: string,
): Promise<StoredToken> {
  const have = storedGitToken(settings, url);
  if (have && usable(have)) return have;
  const res = await api.request<{ token: StoredToken }>("POST", "/auth/tokens", {
    name: `git: ${jam}`,
    scopes: ["git"],
  });
  saveGitToken(url, res.token);
  return res.token;
}
