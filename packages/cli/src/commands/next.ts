// bsod next: the instructions of the first stage not yet passed, in the terminal.
import { ApiClient } from "../client.ts";
import { renderMarkdown } from "../markdown.ts";
import { pc, println } from "../output.ts";
import { currentRepo } from "../repo.ts";
import { readSettings, requireLogin } from "../settings.ts";
import { requireEnrolled } from "./join.ts";
import { nextStage } from "./status.ts";

export async function next() {
  const repo = currentRepo();
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  await requireEnrolled(api, repo.jam);
  const { next: stage } = await nextStage(api, repo.jam, repo.owner);
  if (!stage) {
    println(pc.green("every stage passed — well done"));
    return;
  }
  const res = await api.request<{ stage: { title: string; readme: string; position: number } }>(
    "GET",
    `/jams/${repo.jam}/stages/${stage.slug}`,
  );
  println(pc.bold(`Stage ${res.stage.position}: ${res.stage.title}`));
  println();
  println(renderMarkdown(res.stage.readme));
}
