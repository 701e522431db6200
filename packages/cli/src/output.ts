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

/**
 * A spinner only on a terminal that says how wide it is: ora divides by the width, and on a
 * terminal reporting 0 columns (a serial console, some CI pseudo-terminals) it redrew forever.
 */
export function spinner(text: string): Ora | undefined {
  const out = process.stdout;
  if (!out.isTTY) return undefined;
  if (!(out.columns > 0)) {
    println(pc.dim(text));
    return undefined;
  }
  const spin = ora({ text, stream: out }).start();
  const onResize = () => {
    if (!(out.columns > 0)) spin.stop();
  };
  out.on("resize", onResize);
  const stop = spin.stop.bind(spin);
  spin.stop = () => {
    out.off("resize", onResize);
    return stop();
  };
  return spin;
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
