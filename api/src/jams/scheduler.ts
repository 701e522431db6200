// Turns the clock into events: when a stage unlocks or a jam changes phase (starts, freezes,
// ends), spectators get a push. Compare-and-set in Redis, so several api processes announce
// each change once.
import { jamKeys } from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import { appendJamEvent, boardChanged } from "../streams/jam-events.ts";
import { type TrackStage, trackStages } from "../tracks/stages.ts";
import { phaseOf, unlockedCount } from "./schedule.ts";

const CAS = `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
if cur then return cur else return 1 end
`;

/**
 * The clock state each jam was last seen in by this process: a jam whose state has not moved
 * since costs no Redis round trip (the compare-and-set in Redis still decides, across processes,
 * who announces a change).
 */
export type ClockMemory = Map<string, string>;

export async function announceClockChanges(
  deps: Pick<Deps, "db" | "redis">,
  now = Date.now(),
  seen: ClockMemory = new Map(),
): Promise<number> {
  const jams = await deps.db
    .selectFrom("jams")
    .selectAll()
    .where("state", "=", "published")
    .where("ends_at", ">", now - 3600_000)
    .execute();
  const stagesOf = new Map<string, TrackStage[]>();
  let changes = 0;
  for (const jam of jams) {
    const stages = stagesOf.get(jam.track_slug) ?? (await trackStages(deps.db, jam.track_slug));
    stagesOf.set(jam.track_slug, stages);
    const unlocked = unlockedCount(jam, stages.length, now);
    const phase = phaseOf(jam, now);
    const state = `${phase}|${unlocked}`;
    if (seen.get(jam.id) === state) continue;
    const prev = await deps.redis.eval(CAS, 1, `${jamKeys.version(jam.id)}:clock`, state);
    seen.set(jam.id, state);
    if (prev === 0) continue;
    changes++;
    const [prevPhase, prevUnlocked] = typeof prev === "string" ? prev.split("|") : [undefined, "0"];
    if (prevPhase !== undefined && prevPhase !== phase) {
      await appendJamEvent(deps.redis, jam.id, { type: "jam.phase", phase, paused: jam.paused === 1 });
    }
    if (prevPhase !== undefined) {
      for (const { slug, title, position } of stages.slice(Number(prevUnlocked), unlocked)) {
        await appendJamEvent(deps.redis, jam.id, { type: "stage.unlocked", stage: { slug, title, position } });
      }
    }
    await boardChanged(deps.redis, jam.id);
  }
  const current = new Set(jams.map((j) => j.id));
  for (const id of seen.keys()) if (!current.has(id)) seen.delete(id);
  return changes;
}

export function startScheduler(deps: Deps, everyMs = 5_000): () => void {
  const seen: ClockMemory = new Map();
  const timer = setInterval(() => {
    announceClockChanges(deps, Date.now(), seen).catch((err) => deps.logger.error({ err }, "jam scheduler failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
