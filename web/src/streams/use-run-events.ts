// A run's live log (GET /submissions/:id/events): every event in order, closed at run.finished
// (otherwise EventSource would reconnect to a stream that has nothing more to say).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { API } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import type { RunEvent } from "../api/types.ts";

const TYPES: RunEvent["type"][] = [
  "run.queued",
  "run.started",
  "build.log",
  "build.finished",
  "stage.started",
  "stage.log",
  "stage.passed",
  "stage.failed",
  "run.finished",
];

export function useRunEvents(id: string, enabled: boolean) {
  const qc = useQueryClient();
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [state, setState] = useState<"connecting" | "live" | "done" | "error">("connecting");

  useEffect(() => {
    if (!enabled) return;
    setEvents([]);
    setState("connecting");
    let lastSeq = 0;
    const es = new EventSource(`${API}/submissions/${encodeURIComponent(id)}/events`);
    const onEvent = (e: MessageEvent) => {
      const ev = JSON.parse(e.data as string) as RunEvent;
      if (ev.seq <= lastSeq) return;
      lastSeq = ev.seq;
      setState("live");
      setEvents((prev) => [...prev, ev]);
      if (ev.type === "run.finished") {
        es.close();
        setState("done");
        void qc.invalidateQueries({ queryKey: keys.submission(id) });
        void qc.invalidateQueries({ queryKey: ["submissions"] });
      }
    };
    for (const t of TYPES) es.addEventListener(t, onEvent as EventListener);
    es.onopen = () => setState((s) => (s === "connecting" ? "live" : s));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setState((s) => (s === "done" ? s : "error"));
    };
    return () => es.close();
  }, [id, enabled, qc]);

  return { events, state };
}
