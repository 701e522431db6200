// The animated reveal of a frozen board, in the order of the ICPC resolver: every solve after the
// freeze becomes a step, and the board after each step is what computeStandings makes of the facts
// revealed so far. The order is described in docs/scoring.md, the way a client applies a step in
// docs/api.md.
import type { RevealEntryPatch, RevealStagePatch, RevealStep, RevealView } from "@bsod/contracts/api-types";
import type { Db } from "../db/schema.ts";
import type { Jam } from "../db/tables/jams.ts";
import { ApiError } from "../errors.ts";
import { boardFrom, scoringInput } from "./leaderboard.ts";
import { computeStandings } from "./standings.ts";
import type { ScoringInput, ScoringParticipant, ScoringStage, StageStanding, StageSummary, Standing } from "./types.ts";

type Fact = ScoringInput["solves"][number];

interface Facts {
  solves: Fact[];
  failures: Fact[];
  metrics: ScoringInput["metrics"];
}

const noFacts = (): Facts => ({ solves: [], failures: [], metrics: [] });

function addFacts(to: Facts, from: Facts) {
  to.solves.push(...from.solves);
  to.failures.push(...from.failures);
  to.metrics.push(...from.metrics);
}

/** A participant's solve of a stage at or after the freeze, with every fact about that cell from the freeze on. */
interface PendingCell {
  userId: string;
  stageSlug: string;
  facts: Facts;
}

/**
 * The steps from the board frozen at `freezeAt` to the end: the participant lowest on the board who
 * still has a solve to reveal reveals their next one (in stage order), the board is re-ranked, again.
 * A revealed solve brings along the cell's failures and metric values from the freeze on; what no step
 * reveals (failures at stages never solved, metric values after the freeze at stages solved before it)
 * is only on the final board.
 */
export function* revealSteps(input: ScoringInput, freezeAt: number): Generator<RevealStep, void, undefined> {
  // The freeze splits the facts below; computeStandings is never given a cutoff here.
  const { cutoff: _, ...rules } = input;
  const people = new Map<string, ScoringParticipant>();
  for (const p of input.participants) if (!people.has(p.userId)) people.set(p.userId, p);
  const stages = new Map<string, { stage: ScoringStage; index: number }>();
  input.stages.forEach((stage, index) => {
    if (!stages.has(stage.slug)) stages.set(stage.slug, { stage, index });
  });
  const cellKey = (f: { userId: string; stageSlug: string }) => JSON.stringify([f.userId, f.stageSlug]);

  const firstSolveAt = new Map<string, number>();
  for (const s of input.solves) {
    if (!Number.isFinite(s.at) || !people.has(s.userId) || !stages.has(s.stageSlug)) continue;
    const k = cellKey(s);
    if (!(s.at >= (firstSolveAt.get(k) ?? Number.POSITIVE_INFINITY))) firstSolveAt.set(k, s.at);
  }
  const held = new Map<string, PendingCell>();
  for (const [k, at] of firstSolveAt) {
    if (at < freezeAt) continue;
    const [userId, stageSlug] = JSON.parse(k) as [string, string];
    held.set(k, { userId, stageSlug, facts: noFacts() });
  }
  // What the board shows: the facts before the freeze, then each revealed cell's.
  const shown = noFacts();
  const split = <T extends Fact>(facts: T[], pick: (f: Facts) => T[]) => {
    for (const f of facts) {
      if (f.at < freezeAt) pick(shown).push(f);
      else {
        const cell = held.get(cellKey(f));
        if (cell) pick(cell.facts).push(f);
      }
    }
  };
  split(input.solves, (f) => f.solves);
  split(input.failures, (f) => f.failures);
  split(input.metrics, (f) => f.metrics);

  const pending = new Map<string, PendingCell[]>();
  for (const cell of held.values()) pending.set(cell.userId, [...(pending.get(cell.userId) ?? []), cell]);
  for (const cells of pending.values())
    cells.sort((a, b) => stages.get(a.stageSlug)!.index - stages.get(b.stageSlug)!.index);

  const standingsOf = (facts: Facts, participants = input.participants, only = input.stages) =>
    computeStandings({ ...rules, participants, stages: only, ...facts });
  const initial = standingsOf(shown);
  const board = new BoardState(initial.standings, initial.stages, people);
  // Where a participant's score and tie-break keys depend on their own facts only, a step asks
  // computeStandings about that participant alone and about pairs (to find the new place); otherwise
  // (decayed values, first-solve bonuses, metric ranks) about the whole board.
  const independent =
    input.mode === "stages" || (input.mode === "points" && !input.options.decay && !input.options.firstSolveBonus);
  const own = new Map<string, Facts>();
  const record = (facts: Facts) => {
    for (const kind of ["solves", "failures", "metrics"] as const) {
      for (const f of facts[kind] as Fact[]) {
        if (!own.has(f.userId)) own.set(f.userId, noFacts());
        (own.get(f.userId)![kind] as Fact[]).push(f);
      }
    }
  };
  const factsOf = (userIds: string[]) => {
    const facts = noFacts();
    for (const id of userIds) addFacts(facts, own.get(id) ?? noFacts());
    return facts;
  };
  const standingsOfFew = (userIds: string[], only = input.stages) =>
    standingsOf(
      factsOf(userIds),
      userIds.map((id) => people.get(id)!),
      only,
    );
  const pairOrder = (a: string, b: string) => {
    const [first, second] = standingsOfFew([a, b]).standings;
    return { aFirst: first!.userId === a, tied: first!.rank === second!.rank };
  };
  if (independent) record(shown);

  for (;;) {
    const position = board.lowestWith((userId) => (pending.get(userId)?.length ?? 0) > 0);
    if (position < 0) return;
    const who = board.rows[position]!;
    const cell = pending.get(who.userId)!.shift()!;
    const before = { rank: who.rank, score: who.score, position };
    let changed: string[];
    if (independent) {
      record(cell.facts);
      const mine = standingsOfFew([who.userId]).standings[0]!;
      // Here a stage is worth the same whoever solves it, and its first solver is the earlier of the one
      // so far and the newcomer: the stage alone for those two gives their cells, its value and first solver.
      const slug = cell.stageSlug;
      const { firstSolver, solves } = board.summary(slug);
      const atStage = standingsOfFew(firstSolver === null ? [who.userId] : [who.userId, firstSolver], [
        stages.get(slug)!.stage,
      ]);
      // The cell was unsolved before: one solver more.
      const summary = { ...atStage.stages[0]!, solves: solves + 1 };
      changed = board.revealOwn(position, mine, slug, atStage.standings, summary, pairOrder);
    } else {
      addFacts(shown, cell.facts);
      changed = board.replace(standingsOf(shown), cell.stageSlug);
    }
    const after = board.placeOf(who.userId);
    yield {
      username: who.username,
      displayName: who.displayName,
      stage: cell.stageSlug,
      before,
      after,
      ...board.takeChanges(who.userId),
      stages: changed.map((slug) => board.stagePatch(slug)),
    };
  }
}

/** The board between steps: rows in order with their ranks, and what the last step changed. */
class BoardState {
  /** tied[i]: row i shares the rank of row i − 1. */
  private tied: boolean[];
  private readonly summaries: Map<string, StageSummary>;
  private byId: Map<string, Standing>;
  private patched = new Map<string, Set<string>>();
  private window: { from: number; to: number } | null = null;

  constructor(
    public rows: Standing[],
    summaries: StageSummary[],
    private readonly people: Map<string, ScoringParticipant>,
  ) {
    this.tied = rows.map((r, i) => i > 0 && rows[i - 1]!.rank === r.rank);
    this.byId = new Map(rows.map((r) => [r.userId, r]));
    this.summaries = new Map(summaries.map((s) => [s.slug, s]));
  }

  lowestWith(test: (userId: string) => boolean): number {
    for (let i = this.rows.length - 1; i >= 0; i--) if (test(this.rows[i]!.userId)) return i;
    return -1;
  }

  placeOf(userId: string) {
    const position = this.rows.findIndex((r) => r.userId === userId);
    const row = this.rows[position]!;
    return { rank: row.rank, score: row.score, position };
  }

  summary(slug: string): StageSummary {
    return this.summaries.get(slug)!;
  }

  /**
   * The whole board recomputed after a solve of `slug`: returns the stages whose summary changed. A cell
   * depends on the facts about its stage only, so only that stage's cells can have changed.
   */
  replace(next: { standings: Standing[]; stages: StageSummary[] }, slug: string): string[] {
    const prev = this.byId;
    let from = -1;
    let to = -1;
    next.standings.forEach((row, i) => {
      const old = prev.get(row.userId)!;
      const cellChanged = !sameCell(old.stages[slug], row.stages[slug]);
      if (cellChanged || !sameKeys(old, row)) this.patched.set(row.userId, new Set(cellChanged ? [slug] : []));
      if (old.rank !== row.rank || this.rows[i]!.userId !== row.userId) {
        if (from < 0) from = i;
        to = i;
      }
    });
    this.rows = next.standings;
    this.tied = this.rows.map((r, i) => i > 0 && this.rows[i - 1]!.rank === r.rank);
    this.byId = new Map(this.rows.map((r) => [r.userId, r]));
    if (from >= 0) this.window = { from, to };
    return next.stages.filter((s) => this.setSummary(s)).map((s) => s.slug);
  }

  /**
   * A solve of `slug` that changes nobody else's keys: `mine` is the participant's standing alone,
   * `cells` the new cells of that stage (theirs and perhaps the former first solver's). Returns the
   * stages whose summary changed.
   */
  revealOwn(
    from: number,
    mine: Standing,
    slug: string,
    atStage: Standing[],
    summary: StageSummary,
    pairOrder: (a: string, b: string) => { aFirst: boolean; tied: boolean },
  ): string[] {
    const who = this.rows[from]!;
    const cells = new Map(atStage.map((s) => [s.userId, s.stages[slug]!]));
    const { stages: _alone, rank: _, ...keys } = mine;
    const updated: Standing = { ...keys, rank: who.rank, stages: { ...who.stages, [slug]: cells.get(who.userId)! } };
    this.byId.set(who.userId, updated);
    this.patched.set(who.userId, new Set([slug]));

    const wasTied = this.tied[from]!;
    this.rows.splice(from, 1);
    this.tied.splice(from, 1);
    // The rows around the gap share a rank only if both shared it with the one that left.
    if (from < this.rows.length) this.tied[from] = wasTied && this.tied[from]!;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairOrder(who.userId, this.rows[mid]!.userId).aFirst) hi = mid;
      else lo = mid + 1;
    }
    const to = lo;
    this.rows.splice(to, 0, updated);
    this.tied.splice(to, 0, to > 0 && pairOrder(this.rows[to - 1]!.userId, who.userId).tied);
    if (to + 1 < this.rows.length) this.tied[to + 1] = pairOrder(who.userId, this.rows[to + 1]!.userId).tied;
    this.renumber(Math.min(from, to), Math.max(from, to));

    // A solve can take the first-solve mark from someone revealed earlier who solved later.
    for (const [userId, cell] of cells) {
      const row = this.byId.get(userId)!;
      if (userId === who.userId || sameCell(row.stages[slug], cell)) continue;
      row.stages = { ...row.stages, [slug]: cell };
      this.patched.set(userId, new Set([slug]));
    }
    return this.setSummary(summary) ? [slug] : [];
  }

  /** Ranks from `from` on, past `last` until they agree with the ones the rows had. */
  private renumber(from: number, last: number) {
    let to = from;
    for (let i = from; i < this.rows.length; i++) {
      const rank = this.tied[i] ? this.rows[i - 1]!.rank : i + 1;
      if (i > last && rank === this.rows[i]!.rank) break;
      this.rows[i]!.rank = rank;
      to = i;
    }
    this.window = { from, to };
  }

  /** The step's row patches (`first`'s at the head) and rank window; clears them for the next step. */
  takeChanges(first: string): Pick<RevealStep, "entries" | "ranks"> {
    const entries: RevealEntryPatch[] = [];
    this.rows.forEach((row, position) => {
      const cells = this.patched.get(row.userId);
      if (!cells) return;
      const { userId: _id, username, displayName: _name, rank: _rank, stages, ...keys } = row;
      const patch = { username, position, ...keys, stages: Object.fromEntries([...cells].map((s) => [s, stages[s]!])) };
      if (row.userId === first) entries.unshift(patch);
      else entries.push(patch);
    });
    const step: Pick<RevealStep, "entries" | "ranks"> = { entries };
    if (this.window) {
      const shared: Array<[number, number]> = [];
      for (let i = this.window.from; i <= this.window.to; i++) {
        if (!this.tied[i]) continue;
        const run = shared[shared.length - 1];
        if (run && run[0] + run[1] === i) run[1]++;
        else shared.push([i, 1]);
      }
      step.ranks = { ...this.window, shared };
    }
    this.patched = new Map();
    this.window = null;
    return step;
  }

  stagePatch(slug: string): RevealStagePatch {
    const s = this.summaries.get(slug)!;
    const firstSolver = s.firstSolver === null ? null : (this.people.get(s.firstSolver)?.username ?? null);
    return { slug, value: s.value, solves: s.solves, firstSolver };
  }

  /** Returns whether the summary changed. */
  private setSummary(s: StageSummary): boolean {
    const old = this.summaries.get(s.slug);
    this.summaries.set(s.slug, s);
    return !old || old.value !== s.value || old.solves !== s.solves || old.firstSolver !== s.firstSolver;
  }
}

function sameKeys(a: Standing, b: Standing): boolean {
  return (
    a.score === b.score &&
    a.stagesCompleted === b.stagesCompleted &&
    a.lastScoredAt === b.lastScoredAt &&
    a.penaltyMinutes === b.penaltyMinutes
  );
}

function sameCell(a: StageStanding | undefined, b: StageStanding | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.solvedAt === b.solvedAt &&
    a.points === b.points &&
    a.firstSolve === b.firstSolve &&
    a.failures === b.failures &&
    a.metric?.value === b.metric?.value &&
    a.metric?.rank === b.metric?.rank
  );
}

/** When the jam's board freezes; a jam without a freeze has nothing to reveal. */
export function freezeOf(jam: Pick<Jam, "freeze_at">): number {
  if (jam.freeze_at === null) throw new ApiError({ code: "conflict", message: "this jam has no freeze" });
  return jam.freeze_at;
}

/**
 * A jam's reveal as everyone sees it (hidden participants left out): the board frozen at freeze_at,
 * the final board, and the steps from one to the other.
 */
export async function computeReveal(db: Db, jam: Jam, now = Date.now()): Promise<RevealView> {
  const freezeAt = freezeOf(jam);
  if (now < freezeAt) throw new ApiError({ code: "conflict", message: "the board is not frozen yet" });
  // One snapshot of the facts (their reads are several queries): a result applied in between would
  // make the steps start from another board than the frozen one the client is sent. Both boards and
  // the steps come from it.
  const facts = await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((tx) => scoringInput(tx, jam, { includeHidden: false }));
  const { input } = facts;
  const frozen = boardFrom(jam, "public", { ...facts, input: { ...input, cutoff: freezeAt } }, now);
  const final = boardFrom(jam, "public", facts, now);
  const steps: RevealStep[] = [];
  let sliceStart = performance.now();
  for (const step of revealSteps(input, freezeAt)) {
    steps.push(step);
    // Recomputing the whole board per step (decayed values) adds up on a big jam: let other requests in.
    if (performance.now() - sliceStart > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  return { revealedAt: jam.revealed_at, frozen, final, steps };
}
