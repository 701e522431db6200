// What `bsod challenges validate | verify | new` do (register.ts names them and their options).
import fs from "node:fs";
import path from "node:path";
import type { LoadedTrack } from "@bsod/contracts";
import { formatDuration, formatRunEvent } from "@bsod/contracts";
import { formatIssue, loadTrack, loadTracks, type TrackIssue, TrackValidationError } from "@bsod/harness/loader";
import { CliError } from "../errors.ts";
import { color, pc, println } from "../output.ts";
import { importSource } from "../source-module.ts";
import { newStage, newTrack } from "./scaffold.ts";
import type * as Typecheck from "./typecheck.ts";
import type * as VerifyTrack from "./verify-track.ts";
import type { RepoCheck } from "./verify-track.ts";

export function defaultRoot(): string {
  return fs.existsSync("challenges") ? "challenges" : ".";
}

function resolveTrackDir(arg: string): string {
  if (fs.existsSync(path.join(arg, "track.yaml"))) return arg;
  const inRoot = path.join(defaultRoot(), arg);
  if (fs.existsSync(path.join(inRoot, "track.yaml"))) return inRoot;
  throw new CliError(`no track '${arg}': give a track folder or the name of one under ${path.resolve(defaultRoot())}`);
}

export async function validate(target: string | undefined) {
  const dir = target ?? defaultRoot();
  const single = fs.existsSync(path.join(dir, "track.yaml"));
  const trackDirs = single
    ? [dir]
    : fs
        .readdirSync(dir)
        .sort()
        .map((name) => path.join(dir, name))
        .filter((d) => fs.existsSync(path.join(d, "track.yaml")));
  // Every problem in one run: the files and schemas, then each stage's test.ts through the compiler.
  const issues: TrackIssue[] = [];
  let tracks: LoadedTrack[] = [];
  try {
    tracks = single ? [loadTrack(dir)] : loadTracks(dir);
  } catch (err) {
    if (!(err instanceof TrackValidationError)) throw err;
    issues.push(...err.issues);
  }
  const { stageTests, typecheckTests } = await importSource<typeof Typecheck>("challenges/typecheck.ts");
  const tests = stageTests(trackDirs);
  issues.push(...typecheckTests(tests));
  if (issues.length) {
    for (const issue of issues) process.stderr.write(`${formatIssue(issue)}\n`);
    throw new CliError(`${issues.length} problem${issues.length === 1 ? "" : "s"} found`);
  }
  const stages = tracks.reduce((n, t) => n + t.stages.length, 0);
  println(
    pc.green(
      `✓ ${tracks.length} track${tracks.length === 1 ? "" : "s"}, ${stages} stages: valid (${tests.length} test.ts type-checked)`,
    ),
  );
}

function cell(check: RepoCheck, slug: string): string {
  const st = check.result.stages.find((s) => s.slug === slug);
  if (!st) return pc.dim("—");
  const text = `${st.status === "passed" ? "✓" : "✗"} ${st.status} ${formatDuration(st.durationMs)}`;
  return st.status === "passed" ? pc.green(text) : pc.red(text);
}

const label = (c: RepoCheck) => (c.kind === "sample" ? `sample ${c.name} (${c.language})` : `${c.kind} ${c.language}`);

function printTable(checks: RepoCheck[], stages: string[]) {
  const rows = [
    ["repository", "build", ...stages, "expected", "ok"],
    ...checks.map((c) => [
      label(c),
      `${c.result.build.status} ${formatDuration(c.result.build.durationMs)}`,
      ...stages.map((s) => cell(c, s)),
      c.kind === "starter" ? "fails stage 1" : c.kind === "sample" ? "its golden log" : "passes all",
      c.problem ? pc.red("✗") : pc.green("✓"),
    ]),
  ];
  // strips colour codes to measure widths
  const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => plain(r[i] ?? "").length)));
  for (const r of rows) println(r.map((v, i) => v + " ".repeat(widths[i]! - plain(v).length)).join("  "));
}

export async function verify(
  track: string,
  opts: { stage?: string; solution?: string; language?: string; verbose?: boolean; updateGolden?: boolean },
) {
  const loaded = loadTrack(resolveTrackDir(track));
  const { verifyTrack } = await importSource<typeof VerifyTrack>("challenges/verify-track.ts");
  const checks = await verifyTrack(loaded, {
    ...(opts.language ? { languages: [opts.language] } : {}),
    ...(opts.stage ? { stage: opts.stage } : {}),
    ...(opts.solution ? { solution: path.resolve(opts.solution) } : {}),
    ...(opts.updateGolden ? { updateGolden: true } : {}),
    onRepoStart: (kind, language) => {
      if (process.stdout.isTTY) println(pc.dim(`grading ${kind} ${language}…`));
    },
  });
  const all = loaded.stages.map((s) => s.slug);
  const stages = opts.stage ? all.slice(0, all.indexOf(opts.stage) + 1) : all;
  printTable(checks, stages);
  const bad = checks.filter((c) => c.problem);
  for (const c of checks) {
    if (!c.problem && !opts.verbose) continue;
    println();
    println(pc.bold(`${label(c)}${c.problem ? `: ${c.problem}` : ""}`));
    for (const ev of c.events)
      for (const line of formatRunEvent({ ...ev, seq: 1, at: 0 } as never, { color })) println(`  ${line}`);
  }
  if (checks.length === 0)
    throw new CliError("nothing to verify: the track has no starters or solutions for that language");
  if (bad.length) throw new CliError(`${bad.length} of ${checks.length} did not behave as expected`);
  println(pc.green(`✓ all ${checks.length} behaved as expected`));
}

export function scaffold(
  track: string,
  stage: string | undefined,
  opts: { root?: string; sandbox?: string; kernel?: string },
) {
  const root = opts.root ?? defaultRoot();
  const made =
    stage && fs.existsSync(path.join(root, track))
      ? newStage(root, track, stage, opts)
      : newTrack(root, track, stage, opts);
  for (const d of made) println(`created ${d}`);
  println(
    `next: edit it, then \`bsod challenges validate ${path.join(root, track)}\` and \`bsod challenges verify ${track}\``,
  );
}
