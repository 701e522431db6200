// Renders run events as terminal lines: the same text in a `git push`, `bsod logs` and tests.
import type { RunEvent } from "./run-event.ts";
import { VERDICT_LABELS } from "./verdicts.ts";

export interface FormatOptions {
  color?: boolean;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** Lines for one event (possibly none). */
export function formatRunEvent(ev: RunEvent, opts: FormatOptions = {}): string[] {
  const c = opts.color ?? false;
  const green = (s: string) => paint(c, 32, s);
  const red = (s: string) => paint(c, 31, s);
  const dim = (s: string) => paint(c, 2, s);
  const bold = (s: string) => paint(c, 1, s);
  switch (ev.type) {
    case "run.queued":
      return [dim(`queued: ${ev.stages.length} stage${ev.stages.length === 1 ? "" : "s"} to run`)];
    case "run.started":
      return [dim(`running on ${ev.worker}`)];
    case "build.log":
      return [`${dim("[build]")} ${ev.line}`];
    case "build.finished":
      if (ev.status === "passed") return [green(`build ok (${formatDuration(ev.durationMs)})`)];
      if (ev.status === "skipped") return [];
      return [red(`build failed: ${VERDICT_LABELS[ev.status]}${ev.message ? ` — ${ev.message}` : ""}`)];
    case "stage.started":
      return [bold(`▸ stage ${ev.index + 1}: ${ev.slug}${ev.title ? ` — ${ev.title}` : ""}`)];
    case "stage.log":
      return [`${dim(ev.source === "program" ? "[your_program]" : `[stage:${ev.slug}]`)} ${ev.line}`];
    case "stage.passed":
      return [
        green(`✓ ${ev.slug} passed (${formatDuration(ev.durationMs)})`) +
          (ev.metric ? ` — ${ev.metric.name}: ${ev.metric.value} ${ev.metric.unit}` : ""),
      ];
    case "stage.failed": {
      const lines = [red(`✗ ${ev.slug}: ${VERDICT_LABELS[ev.status]} (${formatDuration(ev.durationMs)})`)];
      for (const l of ev.message.split("\n")) lines.push(`  ${l}`);
      if (ev.hint) lines.push(`  hint: ${ev.hint}`);
      return lines;
    }
    case "run.finished": {
      const passed = ev.result.stages.filter((s) => s.status === "passed").length;
      const total = ev.result.stages.length;
      return ev.status === "passed"
        ? [green(bold(`all ${passed} stage${passed === 1 ? "" : "s"} passed`))]
        : [
            red(
              bold(`result: ${VERDICT_LABELS[ev.status]} — ${passed}/${total} stage${total === 1 ? "" : "s"} passed`),
            ),
          ];
    }
  }
}
