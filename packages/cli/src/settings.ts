// Where the CLI keeps the server URL, its api token and the git tokens of the repositories it
// cloned: $XDG_CONFIG_HOME/bsod/config.json (mode 0600), never a repository's .git/config.
// BSOD_SERVER and BSOD_TOKEN override the file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError } from "./errors.ts";

export interface StoredToken {
  id: string;
  secret: string;
  expiresAt: number;
}

export interface Settings {
  server?: string;
  token?: string;
  /** When the api token stops working (a new `bsod login` makes another). */
  tokenExpiresAt?: number;
  username?: string;
  /** Git-only tokens by repository URL (no credentials in it), handed to git by `bsod credential`. */
  gitTokens?: Record<string, StoredToken>;
}

export function settingsFile(env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "bsod", "config.json");
}

export function readSettings(env = process.env): Settings {
  let stored: Settings = {};
  try {
    stored = JSON.parse(fs.readFileSync(settingsFile(env), "utf8")) as Settings;
  } catch {
    // no settings yet
  }
  return {
    ...stored,
    ...(env.BSOD_SERVER ? { server: env.BSOD_SERVER } : {}),
    ...(env.BSOD_TOKEN ? { token: env.BSOD_TOKEN } : {}),
  };
}

/** What is stored in the file itself (no environment overrides), to change and write back. */
export function storedSettings(env = process.env): Settings {
  try {
    return JSON.parse(fs.readFileSync(settingsFile(env), "utf8")) as Settings;
  } catch {
    return {};
  }
}

export function writeSettings(settings: Settings, env = process.env): void {
  const file = settingsFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}

export function requireLogin(settings: Settings): Required<Pick<Settings, "server" | "token">> & Settings {
  if (!settings.server || !settings.token) throw new CliError("not logged in: run `bsod login --server <url>` first");
  return settings as Required<Pick<Settings, "server" | "token">> & Settings;
}
