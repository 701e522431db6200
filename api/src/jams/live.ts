// A jam's live events: appended to a Redis stream (sequence numbers are SSE ids, so a client
// resumes with Last-Event-ID), and fanned out in-process by one reader per jam, however many
// spectators are connected.
import { JamEvent, jamKeys, type NewJamEvent } from "@bsod/contracts";
import type { Redis } from "ioredis";
import type { Deps } from "../app-env.ts";
import { type StreamEntries, StreamHub } from "../live/stream-hub.ts";
import { trackStages } from "../tracks/stages.ts";
import { jamById } from "./jams.ts";
import { publicCutoff } from "./schedule.ts";

const MAX_EVENTS = 20_000;

const APPEND = `
local seq = redis.call('INCR', KEYS[2])
local ev = cjson.decode(ARGV[1])
ev['seq'] = seq
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'e', cjson.encode(ev))
return seq
`;

export async function appendJamEvent(redis: Redis, jamId: string, event: NewJamEvent): Promise<number> {
  const payload = JSON.stringify({ ...event, at: Date.now() });
  return Number(await redis.eval(APPEND, 2, jamKeys.events(jamId), jamKeys.seq(jamId), payload, String(MAX_EVENTS)));
}

/** Marks the jam's board as changed: a new version (new ETag) and a leaderboard.changed event. */
export async function boardChanged(redis: Redis, jamId: string): Promise<number> {
  const version = await redis.incr(jamKeys.version(jamId));
  await appendJamEvent(redis, jamId, { type: "leaderboard.changed", version });
  return version;
}

export async function boardVersion(redis: Redis, jamId: string): Promise<number> {
  return Number((await redis.get(jamKeys.version(jamId))) ?? "0");
}

/** After a result: a new board version, and one activity line per newly passed stage. */
export async function notifyCompletions(
  deps: Pick<Deps, "db" | "redis">,
  jamId: string,
  userId: string,
  slugs: string[],
) {
  await boardChanged(deps.redis, jamId);
  if (slugs.length === 0) return;
  const user = await deps.db
    .selectFrom("users")
    .select(["username", "display_name"])
    .where("id", "=", userId)
    .executeTakeFirst();
  const hidden = await deps.db
    .selectFrom("enrollments")
    .select("hidden")
    .where("jam_id", "=", jamId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!user || hidden?.hidden) return;
  const jam = await jamById(deps.db, jamId);
  if (!jam) return;
  // During a freeze the public stream must not tell who solved what (the feed catches up on reveal).
  if (publicCutoff(jam) !== undefined) return;
  const solved = new Set(slugs);
  const stages = (await trackStages(deps.db, jam.track_slug)).filter((s) => solved.has(s.slug));
  for (const { slug, title, position } of stages) {
    const stage = { slug, title, position };
    await appendJamEvent(deps.redis, jamId, {
      type: "activity",
      kind: "stage.passed",
      username: user.username,
      displayName: user.display_name,
      stage,
      text: `${user.display_name} passed stage ${stage.position}: ${stage.title}`,
    });
  }
}

function parse(entries: StreamEntries): JamEvent[] {
  const out: JamEvent[] = [];
  for (const [, fields] of entries) {
    const raw = fields[fields.indexOf("e") + 1];
    if (!raw) continue;
    const ev = JamEvent.safeParse(JSON.parse(raw));
    if (ev.success) out.push(ev.data);
  }
  return out;
}

/** A jam's live events, one Redis reader per jam however many spectators follow it. */
export class JamHub extends StreamHub<JamEvent> {
  constructor(redis: Redis) {
    super(redis, { key: jamKeys.events, parse });
  }
}
