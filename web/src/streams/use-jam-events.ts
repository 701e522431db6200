// A jam's live stream (GET /jams/:slug/events): refreshes the board on leaderboard.changed and
// collects activity and announcements that arrive while the page is open. The stream replays
// its backlog on connect, so everything here is idempotent and de-duplicated by content.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { API } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import type { FeedItem, JamEvent } from "../api/types.ts";

export type LiveStatus = "connecting" | "live" | "reconnecting";

export interface LiveAnnouncement {
  id: string;
  body: string;
  at: number;
}

const BOARD_REFRESH_DEBOUNCE_MS = 120;
/** Announcements younger than this on arrival pop up as a banner (older ones are backlog). */
const FRESH_MS = 2 * 60_000;

export function activityKey(item: Pick<FeedItem, "kind" | "username" | "stage" | "text">): string {
  return item.kind === "stage.passed" ? `pass:${item.username}:${item.stage?.slug}` : `${item.kind}:${item.text}`;
}

export function useJamEvents(slug: string) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [activity, setActivity] = useState<FeedItem[]>([]);
  const [fresh, setFresh] = useState<LiveAnnouncement[]>([]);
  const seen = useRef(new Set<string>());

  useEffect(() => {
    seen.current = new Set();
    setActivity([]);
    setFresh([]);
    const es = new EventSource(`${API}/jams/${encodeURIComponent(slug)}/events`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refreshBoard = () => {
      clearTimeout(timer);
      // Coalesces the burst of replayed events on connect into one refetch.
      timer = setTimeout(() => {
        void qc.invalidateQueries({ queryKey: keys.board(slug) });
        void qc.invalidateQueries({ queryKey: keys.stats(slug) });
        void qc.invalidateQueries({ queryKey: keys.progress(slug) });
        void qc.invalidateQueries({ queryKey: ["participant", slug] });
      }, BOARD_REFRESH_DEBOUNCE_MS);
    };
    const parse = (e: MessageEvent) => JSON.parse(e.data as string) as JamEvent;
    const addActivity = (item: FeedItem) => {
      const key = activityKey(item);
      if (seen.current.has(key)) return;
      seen.current.add(key);
      setActivity((prev) => [item, ...prev].slice(0, 200));
    };

    es.onopen = () => setStatus("live");
    es.onerror = () => setStatus(es.readyState === EventSource.CLOSED ? "connecting" : "reconnecting");
    es.addEventListener("leaderboard.changed", refreshBoard);
    es.addEventListener("activity", (e) => {
      const ev = parse(e as MessageEvent);
      if (ev.type !== "activity") return;
      addActivity({ kind: ev.kind, at: ev.at, text: ev.text, username: ev.username, stage: ev.stage });
    });
    es.addEventListener("announcement", (e) => {
      const ev = parse(e as MessageEvent);
      if (ev.type !== "announcement") return;
      addActivity({ kind: "announcement", at: ev.at, text: ev.body });
      void qc.invalidateQueries({ queryKey: keys.announcements(slug) });
      if (Date.now() - ev.at < FRESH_MS) {
        setFresh((prev) =>
          prev.some((a) => a.id === ev.id) ? prev : [{ id: ev.id, body: ev.body, at: ev.at }, ...prev],
        );
      }
    });
    const refreshJam = () => {
      void qc.invalidateQueries({ queryKey: keys.jam(slug) });
      refreshBoard();
    };
    es.addEventListener("stage.unlocked", refreshJam);
    es.addEventListener("jam.phase", refreshJam);
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [slug, qc]);

  const dismiss = (id: string) => setFresh((prev) => prev.filter((a) => a.id !== id));
  return { status, activity, fresh, dismiss };
}
