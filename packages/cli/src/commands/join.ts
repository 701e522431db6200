// bsod join: enroll in a jam with a language (bsod clone does this too, and then clones).
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { saveGitToken } from "../git-token.ts";
import { pc, println } from "../output.ts";
import { readSettings, requireLogin, type StoredToken } from "../settings.ts";

export interface Me {
  enrolled: boolean;
  cloneUrl: string | null;
  language: string | null;
}

/** Enrolls when not yet enrolled; says which languages there are when none was given. */
export async function ensureEnrolled(api: ApiClient, jam: string, language: string | undefined): Promise<Me> {
  const me = await api.request<Me>("GET", `/jams/${jam}/me`);
  if (me.enrolled) return me;
  if (!language) {
    const info = await api.request<{ jam: { languages: string[] } }>("GET", `/jams/${jam}`);
    throw new CliError(`choose a language to join ${jam}: --language ${info.jam.languages.join("|")}`);
  }
  const res = await api.request<{ cloneUrl: string; gitToken?: StoredToken }>("POST", `/jams/${jam}/enroll`, {
    language,
  });
  // Joining hands out a git-only token: keep it for `bsod credential` (pushes).
  if (res.gitToken) saveGitToken(res.cloneUrl, res.gitToken);
  println(`joined ${pc.bold(jam)} with ${language}`);
  return { enrolled: true, cloneUrl: res.cloneUrl, language };
}

/** The error status, submit and next give in a repository of a jam the user has not joined. */
export async function requireEnrolled(api: ApiClient, jam: string): Promise<Me> {
  const me = await api.request<Me>("GET", `/jams/${jam}/me`);
  if (!me.enrolled) throw new CliError(`you are not enrolled in ${jam}: bsod join ${jam}`);
  return me;
}

export async function join(jam: string, opts: { language?: string }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  const me = await ensureEnrolled(api, jam, opts.language);
  if (me.language && opts.language && me.language !== opts.language)
    println(pc.yellow(`already enrolled in ${jam} with ${me.language}`));
  println(`next: ${pc.bold(`bsod clone ${jam}`)}`);
}
