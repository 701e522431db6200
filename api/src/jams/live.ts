// A jam's live events: appended to a Redis stream (sequence numbers are SSE ids, so a client
// resumes with Last-Event-ID), and fanned out in-process by one reader per jam, however many
// spectators are connected.
import { JamEvent, jamKeys, type NewJamEvent } from "@bsod/contracts";
import type { Redis } from "ioredis";
import type { Deps } from "../app-env.ts";
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
  const jam = await deps.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirstOrThrow();
  // During a freeze the public stream must not tell who solved what (the feed catches up on reveal).
  if (publicCutoff(jam) !== undefined) return;
  const stages = await deps.db
    .selectFrom("stages")
    .select(["slug", "title", "position"])
    .where("track_slug", "=", jam.track_slug)
    .where("slug", "in", slugs)
    .orderBy("position")
    .execute();
  for (const stage of stages) {
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

function parse(entries: Array<[string, string[]]>): JamEvent[] {
  const out: JamEvent[] = [];
  for (const [, fields] of entries) {
    const raw = fields[fields.indexOf("e") + 1];
    if (!raw) continue;
    const ev = JamEvent.safeParse(JSON.parse(raw));
    if (ev.success) out.push(ev.data);
  }
  return out;
}

export async function readJamEvents(redis: Redis, jamId: string, afterSeq: number): Promise<JamEvent[]> {
  return parse((await redis.xrange(jamKeys.events(jamId), `(${afterSeq}-0`, "+")) as Array<[string, string[]]>);
}

type Listener = (ev: JamEvent) => void;

/** One blocking reader per jam with listeners; each event reaches every listener once. */
class Channel {
  readonly listeners = new Set<Listener>();
  private reader: Redis | undefined;
  private running = false;

  constructor(
    private readonly redis: Redis,
    private readonly jamId: string,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.reader = this.redis.duplicate();
    const key = jamKeys.events(this.jamId);
    const lastEntry = (await this.redis.xrevrange(key, "+", "-", "COUNT", 1)) as Array<[string, string[]]>;
    let last = lastEntry[0]?.[0] ?? "0-0";
    void (async () => {
      while (this.running && this.listeners.size > 0) {
        let res: Array<[string, Array<[string, string[]]>]> | null;
        try {
          res = (await this.reader!.xread("BLOCK", 5_000, "STREAMS", key, last)) as typeof res;
        } catch {
          if (!this.running) break;
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        for (const [, entries] of res ?? []) {
          for (const ev of parse(entries)) for (const l of this.listeners) l(ev);
          const tail = entries[entries.length - 1];
          if (tail) last = tail[0];
        }
      }
      this.stop();
    })();
  }

  stop() {
    this.running = false;
    this.reader?.disconnect();
    this.reader = undefined;
  }
}

export class JamHub {
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly redis: Redis) {}

  /**
   * Calls onEvent for every event with seq > afterSeq: the backlog first, then live ones, with
   * no gap and no repeat. Returns the unsubscribe function.
   */
  async subscribe(jamId: string, afterSeq: number, onEvent: Listener): Promise<() => void> {
    let channel = this.channels.get(jamId);
    if (!channel) {
      channel = new Channel(this.redis, jamId);
      this.channels.set(jamId, channel);
    }
    let last = afterSeq;
    let replaying = true;
    const buffered: JamEvent[] = [];
    const deliver = (ev: JamEvent) => {
      if (ev.seq <= last) return;
      last = ev.seq;
      onEvent(ev);
    };
    const listener: Listener = (ev) => (replaying ? buffered.push(ev) : deliver(ev));
    channel.listeners.add(listener);
    await channel.start();
    for (const ev of await readJamEvents(this.redis, jamId, afterSeq)) deliver(ev);
    for (const ev of buffered) deliver(ev);
    replaying = false;
    const ch = channel;
    return () => {
      ch.listeners.delete(listener);
      if (ch.listeners.size === 0) {
        ch.stop();
        if (this.channels.get(jamId) === ch) this.channels.delete(jamId);
      }
    };
  }

  close() {
    for (const ch of this.channels.values()) ch.stop();
    this.channels.clear();
  }
}
