// The leaderboard of a jam, always recomputable from the database.
// `stages` mode: most stages completed; ties broken by the earlier time of the last completion.
import type { DbOrTx } from "../db/schema.ts";
import type { Jam } from "../db/tables/jams.ts";

export interface LeaderboardEntry {
  rank: number;
  user: { username: string; displayName: string };
  stagesCompleted: number;
  lastCompletedAt: number | null;
  /** Stage slug → completion time. */
  stages: Record<string, number>;
}

export interface Leaderboard {
  jam: { slug: string; title: string; track: string; scoring: Jam["scoring_mode"] };
  stages: Array<{ slug: string; title: string }>;
  entries: LeaderboardEntry[];
}

export async function computeLeaderboard(db: DbOrTx, jam: Jam): Promise<Leaderboard> {
  const stages = await db
    .selectFrom("stages")
    .select(["slug", "title"])
    .where("track_slug", "=", jam.track_slug)
    .orderBy("position")
    .execute();
  const participants = await db
    .selectFrom("enrollments")
    .innerJoin("users", "users.id", "enrollments.user_id")
    .select(["users.id", "users.username", "users.display_name", "enrollments.created_at"])
    .where("enrollments.jam_id", "=", jam.id)
    .execute();
  const completions = await db
    .selectFrom("stage_completions")
    .select(["user_id", "stage_slug", "completed_at"])
    .where("jam_id", "=", jam.id)
    .execute();

  const byUser = new Map<string, Record<string, number>>();
  for (const c of completions) {
    const m = byUser.get(c.user_id) ?? {};
    m[c.stage_slug] = c.completed_at;
    byUser.set(c.user_id, m);
  }
  const rows = participants.map((p) => {
    const done = byUser.get(p.id) ?? {};
    const times = Object.values(done);
    return {
      joinedAt: p.created_at,
      user: { username: p.username, displayName: p.display_name },
      stagesCompleted: times.length,
      lastCompletedAt: times.length ? Math.max(...times) : null,
      stages: done,
    };
  });
  rows.sort(
    (a, b) =>
      b.stagesCompleted - a.stagesCompleted ||
      (a.lastCompletedAt ?? Number.MAX_SAFE_INTEGER) - (b.lastCompletedAt ?? Number.MAX_SAFE_INTEGER) ||
      a.joinedAt - b.joinedAt ||
      a.user.username.localeCompare(b.user.username),
  );
  const entries: LeaderboardEntry[] = [];
  rows.forEach((r, i) => {
    const prev = entries[i - 1];
    const tied = prev && prev.stagesCompleted === r.stagesCompleted && prev.lastCompletedAt === r.lastCompletedAt;
    entries.push({
      rank: tied ? prev.rank : i + 1,
      user: r.user,
      stagesCompleted: r.stagesCompleted,
      lastCompletedAt: r.lastCompletedAt,
      stages: r.stages,
    });
  });
  return {
    jam: { slug: jam.slug, title: jam.title, track: jam.track_slug, scoring: jam.scoring_mode },
    stages,
    entries,
  };
}
