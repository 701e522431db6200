// Folds run events (or, when the live log has expired, the stored result) into what the run
// page shows: stages with their verdicts, log lines, and the final outcome.
import type { RunEvent, RunResult, Submission } from "../api/types.ts";
import { formatDuration } from "./format.ts";
import { verdictLabel } from "./verdicts.ts";

export interface StageView {
  slug: string;
  title?: string;
  state: "pending" | "running" | "passed" | "failed";
  status?: string;
  durationMs?: number;
  message?: string;
  hint?: string;
  metric?: { name: string; value: number; unit: string };
}

export interface LogLine {
  /** Unique per line (one event can print several lines). */
  id: number;
  seq: number;
  kind: "meta" | "build" | "harness" | "program" | "stage" | "pass" | "fail" | "detail";
  prefix?: string;
  text: string;
}

export interface RunView {
  stages: StageView[];
  lines: LogLine[];
  build?: { status: string; durationMs: number; message?: string };
  finished?: { status: string; result: RunResult };
  worker?: string;
}

export function foldRun(sub: Submission | undefined, events: RunEvent[]): RunView {
  const stages = new Map<string, StageView>();
  for (const slug of sub?.stages ?? []) stages.set(slug, { slug, state: "pending" });
  const view: RunView = { stages: [], lines: [] };
  const line = (l: Omit<LogLine, "id">) => view.lines.push({ ...l, id: view.lines.length });
  const stage = (slug: string) => {
    let s = stages.get(slug);
    if (!s) {
      s = { slug, state: "pending" };
      stages.set(slug, s);
    }
    return s;
  };
  for (const ev of events) {
    switch (ev.type) {
      case "run.queued":
        for (const slug of ev.stages) stage(slug);
        line({
          seq: ev.seq,
          kind: "meta",
          text: `queued: ${ev.stages.length} stage${ev.stages.length === 1 ? "" : "s"} to run`,
        });
        break;
      case "run.started":
        view.worker = ev.worker;
        line({
          seq: ev.seq,
          kind: "meta",
          text: `running on ${ev.worker}${ev.attempt > 1 ? ` (attempt ${ev.attempt})` : ""}`,
        });
        break;
      case "build.log":
        line({ seq: ev.seq, kind: "build", prefix: "[build]", text: ev.line });
        break;
      case "build.finished":
        view.build = { status: ev.status, durationMs: ev.durationMs, ...(ev.message ? { message: ev.message } : {}) };
        if (ev.status === "passed")
          line({ seq: ev.seq, kind: "pass", text: `build ok (${formatDuration(ev.durationMs)})` });
        else if (ev.status !== "skipped")
          line({
            seq: ev.seq,
            kind: "fail",
            text: `build failed: ${verdictLabel(ev.status)}${ev.message ? ` — ${ev.message}` : ""}`,
          });
        break;
      case "stage.started": {
        const s = stage(ev.slug);
        s.state = "running";
        if (ev.title) s.title = ev.title;
        line({
          seq: ev.seq,
          kind: "stage",
          text: `▸ stage ${ev.index + 1}: ${ev.slug}${ev.title ? ` — ${ev.title}` : ""}`,
        });
        break;
      }
      case "stage.log":
        line({
          seq: ev.seq,
          kind: ev.source === "program" ? "program" : ev.source === "build" ? "build" : "harness",
          prefix: ev.source === "program" ? "[your_program]" : `[stage:${ev.slug}]`,
          text: ev.line,
        });
        break;
      case "stage.passed": {
        const s = stage(ev.slug);
        Object.assign(s, { state: "passed", status: "passed", durationMs: ev.durationMs, metric: ev.metric });
        line({
          seq: ev.seq,
          kind: "pass",
          text: `✓ ${ev.slug} passed (${formatDuration(ev.durationMs)})${ev.metric ? ` — ${ev.metric.name}: ${ev.metric.value} ${ev.metric.unit}` : ""}`,
        });
        break;
      }
      case "stage.failed": {
        const s = stage(ev.slug);
        Object.assign(s, {
          state: "failed",
          status: ev.status,
          durationMs: ev.durationMs,
          message: ev.message,
          hint: ev.hint,
        });
        line({
          seq: ev.seq,
          kind: "fail",
          text: `✗ ${ev.slug}: ${verdictLabel(ev.status)} (${formatDuration(ev.durationMs)})`,
        });
        for (const l of ev.message.split("\n")) line({ seq: ev.seq, kind: "detail", text: `  ${l}` });
        if (ev.hint) line({ seq: ev.seq, kind: "detail", text: `  hint: ${ev.hint}` });
        break;
      }
      case "run.finished": {
        view.finished = { status: ev.status, result: ev.result };
        const passed = ev.result.stages.filter((s) => s.status === "passed").length;
        const total = ev.result.stages.length;
        line({
          seq: ev.seq,
          kind: ev.status === "passed" ? "pass" : "fail",
          text:
            ev.status === "passed"
              ? `all ${passed} stage${passed === 1 ? "" : "s"} passed`
              : `result: ${verdictLabel(ev.status)} — ${passed}/${total} stage${total === 1 ? "" : "s"} passed`,
        });
        break;
      }
    }
  }
  // No live log (expired, or not yet connected) but a stored result: show the verdicts.
  const result = view.finished?.result ?? sub?.result ?? undefined;
  if (result) {
    if (!view.finished && sub) view.finished = { status: result.status, result };
    view.build ??= result.build;
    for (const r of result.stages) {
      const s = stage(r.slug);
      if (s.state === "pending" || s.state === "running") {
        Object.assign(s, {
          state: r.status === "passed" ? "passed" : "failed",
          status: r.status,
          durationMs: r.durationMs,
          message: r.message,
          hint: r.hint,
          metric: r.metric,
        });
      }
    }
  }
  view.stages = [...stages.values()];
  return view;
}
