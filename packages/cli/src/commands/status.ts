// bsod status: stages passed, the current stage and the rank in this repo's jam.
import { ApiClient } from "../client.ts";
import { pc, println } from "../output.ts";
import { currentRepo } from "../repo.ts";
import { readSettings, requireLogin } from "../settings.ts";
import { requireEnrolled } from "./join.ts";

interface Board {
  stages: Array<{ slug: string; title: string }>;
  entries: Array<{ rank: number; user: { username: string }; stagesCompleted: number; stages: Record<string, number> }>;
}

export async function nextStage(api: ApiClient, jam: string, owner: string) {
  const board = await api.request<Board>("GET", `/jams/${jam}/leaderboard`);
  const me = board.entries.find((e) => e.user.username === owner);
  const next = board.stages.find((s) => !me?.stages[s.slug]);
  return { board, me, next };
}

export async function status() {
  const repo = currentRepo();
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  await requireEnrolled(api, repo.jam);
  const { board, me, next } = await nextStage(api, repo.jam, repo.owner);
  println(`${pc.bold(repo.jam)} — ${repo.owner}`);
  for (const [i, st] of board.stages.entries()) {
    const done = me?.stages[st.slug];
    println(
      `  ${done ? pc.green("✓") : st === next ? pc.yellow("▸") : pc.dim("·")} ${i + 1}. ${st.title} ${pc.dim(`(${st.slug})`)}`,
    );
  }
  println(
    `passed ${me?.stagesCompleted ?? 0}/${board.stages.length}` +
      (me ? `, rank ${me.rank} of ${board.entries.length}` : "") +
      (next ? `; current stage: ${next.title}` : "; every stage passed"),
  );
}
