// bsod clone: join a jam (choosing a language) if needed, then clone the repository with
// the token configured for later pushes.
import { spawnSync } from "node:child_process";
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { pc, println } from "../output.ts";
import { readSettings, requireLogin } from "../settings.ts";

export function basicAuthHeader(username: string, token: string): string {
  return `Authorization: Basic ${Buffer.from(`${username}:${token}`).toString("base64")}`;
}

export async function clone(jam: string, dir: string | undefined, opts: { language?: string }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  const me = await api.request<{ enrolled: boolean; cloneUrl: string | null; language: string | null }>(
    "GET",
    `/jams/${jam}/me`,
  );
  let cloneUrl = me.cloneUrl;
  if (!me.enrolled) {
    if (!opts.language) {
      const info = await api.request<{ jam: { languages: string[] } }>("GET", `/jams/${jam}`);
      throw new CliError(`choose a language to join ${jam}: --language ${info.jam.languages.join("|")}`);
    }
    const res = await api.request<{ cloneUrl: string }>("POST", `/jams/${jam}/enroll`, { language: opts.language });
    cloneUrl = res.cloneUrl;
    println(`joined ${pc.bold(jam)} with ${opts.language}`);
  }
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
