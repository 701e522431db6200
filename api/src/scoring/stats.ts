// Read models around the board: per-stage statistics, the activity feed, and the score of the
// top participants over time (for a chart). All respect the public freeze and hidden participants.
import type { ActivityItem, Board, ProgressSeries, StageStat } from "@bsod/contracts/api-types";
import type { DbOrTx } from "../db/schema.ts";
import type { Jam } from "../db/tables/jams.ts";
import { resultOf } from "../db/tables/submissions.ts";
import { trackStages } from "../tracks/stages.ts";

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function stageStats(db: DbOrTx, jam: Jam, cutoff: number | undefined): Promise<StageStat[]> {
  const stages = await trackStages(db, jam.track_slug);
  const visible = db.selectFrom("enrollments").select("user_id").where("jam_id", "=", jam.id).where("hidden", "=", 0);
  const joined = new Map(
    (await db.selectFrom("enrollments").select(["user_id", "created_at"]).where("jam_id", "=", jam.id).execute()).map(
      (r) => [r.user_id, r.created_at],
    ),
  );
  let completionsQ = db
    .selectFrom("stage_completions")
    .select(["user_id", "stage_slug", "completed_at"])
    .where("jam_id", "=", jam.id)
    .where("user_id", "in", visible);
  if (cutoff !== undefined) completionsQ = completionsQ.where("completed_at", "<", cutoff);
  const completions = await completionsQ.execute();
  let subsQ = db
    .selectFrom("submissions")
    .select(["id", "result", "created_at"])
    .where("jam_id", "=", jam.id)
    .where("counted", "=", 1)
    .where("result", "is not", null)
    .where("user_id", "in", visible);
  if (cutoff !== undefined) subsQ = subsQ.where("created_at", "<", cutoff);
  const attempts = new Map<string, number>();
  for (const sub of await subsQ.execute()) {
    for (const st of resultOf(sub)?.stages ?? []) attempts.set(st.slug, (attempts.get(st.slug) ?? 0) + 1);
  }
  return stages.map((s) => {
    const solved = completions.filter((c) => c.stage_slug === s.slug);
    return {
      slug: s.slug,
      title: s.title,
      position: s.position,
      solves: solved.length,
      attempts: attempts.get(s.slug) ?? 0,
      medianTimeToSolveMs: median(
        solved.map((c) => c.completed_at - Math.max(jam.starts_at, joined.get(c.user_id) ?? jam.starts_at)),
      ),
    };
  });
}

export async function activityFeed(
  db: DbOrTx,
  jam: Jam,
  opts: { cutoff: number | undefined; before?: number; limit: number },
): Promise<ActivityItem[]> {
  const before = Math.min(opts.before ?? Number.MAX_SAFE_INTEGER, opts.cutoff ?? Number.MAX_SAFE_INTEGER);
  const passes = await db
    .selectFrom("stage_completions as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .innerJoin("enrollments as e", (j) => j.onRef("e.user_id", "=", "c.user_id").onRef("e.jam_id", "=", "c.jam_id"))
    .innerJoin("stages as s", (j) => j.onRef("s.slug", "=", "c.stage_slug").on("s.track_slug", "=", jam.track_slug))
    .select(["u.username", "u.display_name", "c.completed_at", "s.slug", "s.title", "s.position"])
    .where("c.jam_id", "=", jam.id)
    .where("e.hidden", "=", 0)
    .where("c.completed_at", "<", before)
    .orderBy("c.completed_at", "desc")
    .limit(opts.limit)
    .execute();
  const notes = await db
    .selectFrom("announcements")
    .select(["body", "created_at"])
    .where("jam_id", "=", jam.id)
    .where("created_at", "<", opts.before ?? Number.MAX_SAFE_INTEGER)
    .orderBy("created_at", "desc")
    .limit(opts.limit)
    .execute();
  const items: ActivityItem[] = [
    ...passes.map((p) => ({
      kind: "stage.passed" as const,
      at: p.completed_at,
      username: p.username,
      stage: { slug: p.slug, title: p.title, position: p.position },
      text: `${p.display_name} passed stage ${p.position}: ${p.title}`,
    })),
    ...notes.map((n) => ({ kind: "announcement" as const, at: n.created_at, text: n.body })),
  ];
  return items.sort((a, b) => b.at - a.at).slice(0, opts.limit);
}

/** Score over time for the top N of a board: one step per solve (at the stage's current value). */
export async function progressSeries(
  db: DbOrTx,
  jam: Jam,
  board: Board,
  top: number,
  cutoff: number | undefined,
): Promise<ProgressSeries[]> {
  const leaders = board.entries.slice(0, top);
  const usernames = leaders.map((e) => e.user.username);
  if (usernames.length === 0) return [];
  let q = db
    .selectFrom("stage_completions as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select(["u.username", "c.stage_slug", "c.completed_at"])
    .where("c.jam_id", "=", jam.id)
    .where("u.username", "in", usernames)
    .orderBy("c.completed_at");
  if (cutoff !== undefined) q = q.where("c.completed_at", "<", cutoff);
  const rows = await q.execute();
  const value = new Map(board.stages.map((s) => [s.slug, board.jam.scoring.mode === "stages" ? 1 : s.value]));
  return leaders.map((e) => {
    let score = 0;
    const points: Array<[number, number]> = [[jam.starts_at, 0]];
    for (const r of rows) {
      if (r.username !== e.user.username) continue;
      score += value.get(r.stage_slug) ?? 0;
      points.push([r.completed_at, score]);
    }
    return { username: e.user.username, displayName: e.user.displayName, points };
  });
}
