// Terminal output: colour on a TTY (picocolors honours NO_COLOR/FORCE_COLOR), plain otherwise,
// and a spinner only when someone is watching.
import { formatRunEvent, type RunEvent } from "@bsod/contracts";
import ora, { type Ora } from "ora";
import pc from "picocolors";

export const color = pc.isColorSupported;
export { pc };

export function println(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function spinner(text: string): Ora | undefined {
  return process.stdout.isTTY ? ora({ text, stream: process.stdout }).start() : undefined;
}

/** Prints a run's events as they arrive; returns the final event, if the run finished. */
export async function printRun(
  events: AsyncIterable<RunEvent>,
): Promise<Extract<RunEvent, { type: "run.finished" }> | undefined> {
  let spin = spinner("waiting for a worker…");
  let finished: Extract<RunEvent, { type: "run.finished" }> | undefined;
  for await (const ev of events) {
    if (ev.type !== "run.queued" && spin) {
      spin.stop();
      spin = undefined;
    }
    for (const line of formatRunEvent(ev, { color })) println(line);
    if (ev.type === "run.finished") finished = ev;
  }
  spin?.stop();
  return finished;
}
