// In-process fan-out of Redis streams whose entries carry a sequence number (jam events, run
// events): one blocking reader per stream that has listeners, however many clients follow it,
// so the Redis connections grow with the streams being watched, not with the watchers.
import type { Redis } from "ioredis";
import type { StreamEntries } from "./stream-entries.ts";

export interface StreamSpec<E extends { seq: number }> {
  /** The Redis key of the stream with this id. */
  key(id: string): string;
  /** The events of some entries (an entry that does not parse is skipped). */
  parse(entries: StreamEntries): E[];
}

type Listener<E> = (ev: E) => void;

/** One blocking reader of one stream, delivering each new entry to every listener. */
class Channel<E extends { seq: number }> {
  readonly listeners = new Set<Listener<E>>();
  private reader: Redis | undefined;
  private running = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly spec: StreamSpec<E>,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.reader = this.redis.duplicate();
    const lastEntry = (await this.redis.xrevrange(this.key, "+", "-", "COUNT", 1)) as StreamEntries;
    let last = lastEntry[0]?.[0] ?? "0-0";
    void (async () => {
      while (this.running && this.listeners.size > 0) {
        let res: Array<[string, StreamEntries]> | null;
        try {
          res = (await this.reader!.xread("BLOCK", 5_000, "STREAMS", this.key, last)) as typeof res;
        } catch {
          if (!this.running) break;
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        for (const [, entries] of res ?? []) {
          for (const ev of this.spec.parse(entries)) for (const l of this.listeners) l(ev);
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

export class StreamHub<E extends { seq: number }> {
  private readonly channels = new Map<string, Channel<E>>();

  constructor(
    private readonly redis: Redis,
    private readonly spec: StreamSpec<E>,
  ) {}

  /** Events with seq > afterSeq already in the stream. */
  async read(id: string, afterSeq = 0): Promise<E[]> {
    return this.spec.parse((await this.redis.xrange(this.spec.key(id), `(${afterSeq}-0`, "+")) as StreamEntries);
  }

  /**
   * Calls onEvent for every event with seq > afterSeq: the backlog first, then live ones, with
   * no gap and no repeat. Returns the unsubscribe function.
   */
  async subscribe(id: string, afterSeq: number, onEvent: Listener<E>): Promise<() => void> {
    let channel = this.channels.get(id);
    if (!channel) {
      channel = new Channel(this.redis, this.spec.key(id), this.spec);
      this.channels.set(id, channel);
    }
    let last = afterSeq;
    let replaying = true;
    const buffered: E[] = [];
    const deliver = (ev: E) => {
      if (ev.seq <= last) return;
      last = ev.seq;
      onEvent(ev);
    };
    const listener: Listener<E> = (ev) => (replaying ? buffered.push(ev) : deliver(ev));
    channel.listeners.add(listener);
    const ch = channel;
    const unsubscribe = () => {
      ch.listeners.delete(listener);
      if (ch.listeners.size === 0) {
        ch.stop();
        if (this.channels.get(id) === ch) this.channels.delete(id);
      }
    };
    try {
      await channel.start();
      for (const ev of await this.read(id, afterSeq)) deliver(ev);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    for (const ev of buffered) deliver(ev);
    replaying = false;
    return unsubscribe;
  }

  /** Streams with a reader now (one Redis connection each). */
  get following(): number {
    return this.channels.size;
  }

  close() {
    for (const ch of this.channels.values()) ch.stop();
    this.channels.clear();
  }
}
