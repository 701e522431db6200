// A track's sample programs (samples/<name>/: right, and wrong in the usual ways) keep the full
// log a participant would read for them in samples/<name>/expected.log, so that a change to a
// message or a hint shows up in review. What varies from run to run is masked.
import fs from "node:fs";
import path from "node:path";
import { formatRunEvent, type NewRunEvent, type RunEvent } from "@bsod/contracts";

export const GOLDEN_FILE = "expected.log";

/** The participant-facing log of a run, as `git push` prints it, with timings and hosts masked. */
export function participantLog(events: NewRunEvent[]): string {
  const lines = events.flatMap((ev) => formatRunEvent({ ...ev, seq: 1, at: 0 } as RunEvent));
  return `${lines.map(mask).join("\n")}\n`;
}

function mask(line: string): string {
  return line
    .replace(/^running on .*/, "running on <worker>")
    .replace(/\((\d+ms|\d+(\.\d+)?s)\)/g, "(<time>)")
    .replace(/(— [\w./ -]+: )-?\d+(\.\d+)?( \S+)$/, "$1<value>$3");
}

export interface GoldenComparison {
  /** null when the log matches its golden file. */
  problem: string | null;
}

/** Compares a sample's log with its golden file, or (update) writes the file. */
export function compareGolden(sampleDir: string, log: string, update: boolean): GoldenComparison {
  const file = path.join(sampleDir, GOLDEN_FILE);
  if (update) {
    fs.writeFileSync(file, log);
    return { problem: null };
  }
  if (!fs.existsSync(file)) return { problem: `no ${GOLDEN_FILE} yet: run verify with --update-golden and review it` };
  const want = fs.readFileSync(file, "utf8").split("\n");
  const got = log.split("\n");
  const at = want.findIndex((line, i) => line !== got[i]);
  const first = at >= 0 ? at : want.length < got.length ? want.length : -1;
  if (first < 0) return { problem: null };
  return {
    problem:
      `its log differs from ${GOLDEN_FILE} at line ${first + 1}: expected ${JSON.stringify(want[first] ?? "(end)")}, ` +
      `got ${JSON.stringify(got[first] ?? "(end)")} (--update-golden rewrites it)`,
  };
}

/** The sample folders of a track (each with a bsod.yml naming its language). */
export function sampleDirs(trackDir: string): string[] {
  const root = path.join(trackDir, "samples");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(root, d.name))
    .sort();
}
