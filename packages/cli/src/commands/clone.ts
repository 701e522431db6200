// bsod clone: join a jam (choosing a language) if needed, then clone the repository. Pushes
// authenticate with a git-only token that bsod keeps in its settings file and hands to git as its
// credential helper: nothing secret is written into the repository's .git/config.
import { spawnSync } from "node:child_process";
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { ensureGitToken } from "../git-token.ts";
import { pc, println } from "../output.ts";
import { credentialHelper } from "../self.ts";
import { readSettings, requireLogin } from "../settings.ts";
import { ensureEnrolled } from "./join.ts";

/** `git -c …` settings that make a repository ask `bsod credential` for its password, and only it. */
export function credentialConfig(): string[] {
  return [
    "-c",
    "credential.helper=",
    "-c",
    `credential.helper=${credentialHelper()}`,
    "-c",
    "credential.useHttpPath=true",
  ];
}

export async function clone(jam: string, dir: string | undefined, opts: { language?: string }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  const { cloneUrl } = await ensureEnrolled(api, jam, opts.language);
  if (!cloneUrl) throw new CliError(`${jam} gave no repository to clone`);
  await ensureGitToken(api, readSettings(), cloneUrl, jam);
  const target = dir ?? jam;
  const res = spawnSync("git", ["clone", ...credentialConfig(), cloneUrl, target], { stdio: "inherit" });
  if (res.status !== 0) throw new CliError(`git clone failed (exit ${res.status})`);
  println(
    `\nnext: ${pc.bold(`cd ${target}`)}, read the first stage with ${pc.bold("bsod next")}, then ${pc.bold("bsod submit")}`,
  );
}
