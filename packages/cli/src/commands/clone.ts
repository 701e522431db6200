// bsod clone: join a jam (choosing a language) if needed, then clone the repository with
// the token configured for later pushes.
import { spawnSync } from "node:child_process";
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { pc, println } from "../output.ts";
import { readSettings, requireLogin } from "../settings.ts";
import { ensureEnrolled } from "./join.ts";

export function basicAuthHeader(username: string, token: string): string {
  return `Authorization: Basic ${Buffer.from(`${username}:${token}`).toString("base64")}`;
}

export async function clone(jam: string, dir: string | undefined, opts: { language?: string }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  const { cloneUrl } = await ensureEnrolled(api, jam, opts.language);
  const username = s.username ?? (await api.request<{ user: { username: string } }>("GET", "/auth/me")).user.username;
  const target = dir ?? jam;
  const res = spawnSync(
    "git",
    ["clone", "-c", `http.extraHeader=${basicAuthHeader(username, s.token)}`, cloneUrl!, target],
    {
      stdio: "inherit",
    },
  );
  if (res.status !== 0) throw new CliError(`git clone failed (exit ${res.status})`);
  println(
    `\nnext: ${pc.bold(`cd ${target}`)}, read the first stage with ${pc.bold("bsod next")}, then ${pc.bold("bsod submit")}`,
  );
}
