// Serves leaderboards from memory, keyed by everything that can change them: the board
// version (bumped on every result, rejudge or moderation), the jam row, and the clock-driven
// parts (freeze, unlocks). A read is one Redis GET plus a string; a change recomputes once.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { DbOrTx } from "../db/schema.ts";
import type { Jam } from "../db/tables/jams.ts";
import { phaseOf, publicCutoff, unlockTimes } from "../jams/schedule.ts";
import { boardVersion } from "../streams/jam-events.ts";
import { LatestMemo } from "./latest-memo.ts";
import { type Board, type BoardView, computeBoard } from "./leaderboard.ts";

interface Entry {
  key: string;
  board: Board;
  pages: Map<string, BoardPage>;
}

export interface BoardPage {
  etag: string;
  body: string;
  /** The body gzipped, once a client asked for it (see routes/cached-json.ts). */
  gzip?: Buffer;
}

export class BoardCache {
  private readonly entries = new LatestMemo<Entry>();

  constructor(
    private readonly db: DbOrTx,
    private readonly redis: Redis,
  ) {}

  /** Everything a board of this view depends on; it changes whenever the board may. */
  async stateKey(jam: Jam, view: BoardView, now = Date.now()): Promise<string> {
    const version = await boardVersion(this.redis, jam.id);
    const unlocked = unlockTimes(jam, 64).filter((t) => t <= now).length;
    const cutoff = view === "public" ? (publicCutoff(jam, now) ?? "") : "";
    return `${version}|${jam.updated_at}|${phaseOf(jam, now)}|${unlocked}|${cutoff}`;
  }

  async board(jam: Jam, view: BoardView, now = Date.now()): Promise<Entry> {
    const key = await this.stateKey(jam, view, now);
    return this.entries.get(`${jam.id}:${view}`, key, async () => ({
      key,
      board: await computeBoard(this.db, jam, view, now),
      pages: new Map(),
    }));
  }

  async page(jam: Jam, view: BoardView, offset: number, limit: number): Promise<BoardPage> {
    const now = Date.now();
    const entry = await this.board(jam, view, now);
    const pageKey = `${offset}:${limit}`;
    let page = entry.pages.get(pageKey);
    if (page === undefined) {
      const b = entry.board;
      const body = JSON.stringify({ ...b, offset, limit, entries: b.entries.slice(offset, offset + limit) });
      // The ETag is the page's content: a change nobody may see (a result after the freeze, a
      // hidden participant's) recomputes the board but leaves the page and its ETag as they were.
      page = { etag: `"${createHash("sha1").update(body).digest("base64url")}"`, body };
      if (entry.pages.size > 64) entry.pages.clear();
      entry.pages.set(pageKey, page);
    }
    return page;
  }

  invalidate(jamId: string) {
    this.entries.delete(`${jamId}:public`);
    this.entries.delete(`${jamId}:live`);
  }
}
