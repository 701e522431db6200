// bsod logs: a run's log (the latest by default); --follow keeps streaming until it ends.
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { printRun } from "../output.ts";
import { currentRepo } from "../repo.ts";
import { readSettings, requireLogin } from "../settings.ts";

export async function logs(run: string | undefined, opts: { follow?: boolean }) {
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  let id = run;
  if (!id) {
    const repo = currentRepo();
    const list = await api.request<{ submissions: Array<{ id: string }> }>("GET", `/jams/${repo.jam}/submissions`);
    id = list.submissions[0]?.id;
    if (!id) throw new CliError("no runs yet: push with `bsod submit` or try `bsod test`");
  }
  const ac = new AbortController();
  if (!opts.follow) {
    // Without --follow, print what is there now and stop.
    const sub = await api.request<{ submission: { status: string } }>("GET", `/submissions/${id}`);
    if (sub.submission.status === "queued" || sub.submission.status === "running")
      setTimeout(() => ac.abort(), 1500).unref();
  }
  const finished = await printRun(api.runEvents(id, 0, ac.signal));
  if (finished && finished.status !== "passed") process.exitCode = 1;
}
