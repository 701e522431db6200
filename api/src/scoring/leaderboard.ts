// A jam's leaderboard: the facts from the database, ranked by computeStandings, cached by
// board version (so a read is one Redis GET and a string), always recomputable.
import type { Board, BoardView } from "@bsod/contracts/api-types";
import type { DbOrTx } from "../db/schema.ts";
import { type Jam, jamColumns } from "../db/tables/jams.ts";
import { stageMetric } from "../db/tables/tracks.ts";
import { phaseOf, publicCutoff, unlockTimes } from "../jams/schedule.ts";
import { trackStages } from "../tracks/stages.ts";
import { computeStandings } from "./standings.ts";
import type { ScoringInput } from "./types.ts";

export type { Board, BoardView };

/** Gathers what computeStandings needs; facts at or after `cutoff` are left to it to ignore. */
export async function scoringInput(db: DbOrTx, jam: Jam, opts: { cutoff?: number; includeHidden: boolean }) {
  const stages = await trackStages(db, jam.track_slug);
  let participantsQ = db
    .selectFrom("enrollments")
    .innerJoin("users", "users.id", "enrollments.user_id")
    .select(["users.id", "users.username", "users.display_name", "enrollments.created_at", "enrollments.hidden"])
    .where("enrollments.jam_id", "=", jam.id);
  if (!opts.includeHidden) participantsQ = participantsQ.where("enrollments.hidden", "=", 0);
  const participants = await participantsQ.execute();
  const solves = await db
    .selectFrom("stage_completions")
    .select(["user_id", "stage_slug", "completed_at"])
    .where("jam_id", "=", jam.id)
    .execute();
  const failures = await db
    .selectFrom("submissions")
    .select(["user_id", "failed_stage", "created_at"])
    .where("jam_id", "=", jam.id)
    .where("counted", "=", 1)
    .where("failed_stage", "is not", null)
    .execute();
  const metrics = await db
    .selectFrom("stage_metrics")
    .select(["user_id", "stage_slug", "value", "recorded_at"])
    .where("jam_id", "=", jam.id)
    .execute();
  const input: ScoringInput = {
    mode: jam.scoring_mode,
    options: jamColumns.scoringOptions.decode(jam.scoring_options, jam.id),
    startsAt: jam.starts_at,
    ...(opts.cutoff !== undefined ? { cutoff: opts.cutoff } : {}),
    stages: stages.map((s) => ({
      slug: s.slug,
      title: s.title,
      points: s.points,
      ...(s.metric ? { metric: stageMetric.decode(s.metric, `${jam.track_slug}/${s.slug}`) } : {}),
    })),
    participants: participants.map((p) => ({
      userId: p.id,
      username: p.username,
      displayName: p.display_name,
      joinedAt: p.created_at,
    })),
    solves: solves.map((s) => ({ userId: s.user_id, stageSlug: s.stage_slug, at: s.completed_at })),
    failures: failures.map((f) => ({ userId: f.user_id, stageSlug: f.failed_stage!, at: f.created_at })),
    metrics: metrics.map((m) => ({ userId: m.user_id, stageSlug: m.stage_slug, value: m.value, at: m.recorded_at })),
  };
  const hidden = new Set(participants.filter((p) => p.hidden).map((p) => p.id));
  return { input, stages, hidden };
}

export async function computeBoard(db: DbOrTx, jam: Jam, view: BoardView, now = Date.now()): Promise<Board> {
  const cutoff = view === "public" ? publicCutoff(jam, now) : undefined;
  return boardFrom(jam, view, await scoringInput(db, jam, { cutoff, includeHidden: view === "live" }), now);
}

/**
 * A participant's own view: their own results live, everyone else as the public board shows
 * them (other hidden participants left out; during a freeze, only others' facts from before it).
 * Nothing in it tells what others did that the public board does not show.
 */
export async function ownBoard(db: DbOrTx, jam: Jam, userId: string, now = Date.now()): Promise<Board> {
  const cutoff = publicCutoff(jam, now);
  const read = await scoringInput(db, jam, { includeHidden: true });
  const shown = (id: string) => id === userId || !read.hidden.has(id);
  const keep = (f: { userId: string; at: number }) =>
    f.userId === userId || (shown(f.userId) && (cutoff === undefined || f.at < cutoff));
  const input: ScoringInput = {
    ...read.input,
    participants: read.input.participants.filter((p) => shown(p.userId)),
    solves: read.input.solves.filter(keep),
    failures: read.input.failures.filter(keep),
    metrics: read.input.metrics.filter(keep),
  };
  return boardFrom(jam, "public", { ...read, input }, now);
}

/** The board of facts already read: frozen when the input carries a cutoff. */
export function boardFrom(
  jam: Jam,
  view: BoardView,
  { input, stages, hidden }: Awaited<ReturnType<typeof scoringInput>>,
  now = Date.now(),
): Board {
  const cutoff = input.cutoff;
  const { stages: summary, standings } = computeStandings(input);
  const unlocks = unlockTimes(jam, stages.length);
  const usernames = new Map(input.participants.map((p) => [p.userId, p.username]));
  const pending = pendingCells(input);
  return {
    jam: {
      slug: jam.slug,
      title: jam.title,
      track: jam.track_slug,
      phase: phaseOf(jam, now),
      paused: jam.paused === 1,
      scoring: { mode: jam.scoring_mode, options: input.options },
      frozen: cutoff !== undefined,
      freezeAt: jam.freeze_at,
      view,
    },
    stages: stages.map((s, i) => {
      const sum = summary.find((x) => x.slug === s.slug);
      const unlocksAt = unlocks[i] ?? Number.POSITIVE_INFINITY;
      return {
        slug: s.slug,
        title: s.title,
        position: s.position,
        value: sum?.value ?? s.points,
        solves: sum?.solves ?? 0,
        firstSolver: sum?.firstSolver ? (usernames.get(sum.firstSolver) ?? null) : null,
        unlocksAt: Number.isFinite(unlocksAt) ? unlocksAt : null,
        locked: !(unlocksAt <= now),
        ...(input.stages[i]?.metric ? { metric: input.stages[i]!.metric } : {}),
      };
    }),
    total: standings.length,
    entries: standings.map((s) => {
      const shown: Board["entries"][number]["stages"] = {};
      for (const [slug, st] of Object.entries(s.stages)) {
        const waiting = st.solvedAt === null ? pending.get(cellKey(s.userId, slug)) : undefined;
        if (st.solvedAt !== null || st.failures > 0 || st.metric || waiting)
          shown[slug] = waiting ? { ...st, pending: waiting } : st;
      }
      const { userId, username, displayName, stages: _all, ...rest } = s;
      return {
        ...rest,
        user: { username, displayName },
        ...(hidden.has(userId) ? { hidden: true } : {}),
        stages: shown,
      };
    }),
  };
}

const cellKey = (userId: string, stageSlug: string) => `${userId}\u0000${stageSlug}`;

/**
 * On a frozen board, the cells someone tried at or after the freeze without having solved them
 * before it: how many tries (a solve or a failure at that stage) wait for the reveal.
 */
function pendingCells(input: ScoringInput): Map<string, number> {
  const out = new Map<string, number>();
  const cutoff = input.cutoff;
  if (cutoff === undefined) return out;
  const solvedBefore = new Set(input.solves.filter((f) => f.at < cutoff).map((f) => cellKey(f.userId, f.stageSlug)));
  for (const f of [...input.solves, ...input.failures]) {
    if (!(f.at >= cutoff)) continue;
    const k = cellKey(f.userId, f.stageSlug);
    if (!solvedBefore.has(k)) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** The old helper name kept for callers that want the public board as an object. */
export function computeLeaderboard(db: DbOrTx, jam: Jam): Promise<Board> {
  return computeBoard(db, jam, "public");
}
