// `bsod challenges verify`: starters must build and fail stage 1 with a plain failure;
// reference solutions must pass every stage; samples must print their golden log — all through
// the real sandbox.

import fs from "node:fs";
import path from "node:path";
import type { LoadedTrack, NewRunEvent, RunResult } from "@bsod/contracts";
import { LocalGrader } from "@bsod/grader";
import { bundleTrack } from "@bsod/harness/bundle";
import { compareGolden, participantLog, sampleDirs } from "./golden-log.ts";
import { repoCommands, trackLimits, trackMachine, trackServices } from "./repo-commands.ts";

export interface RepoCheck {
  kind: "starter" | "solution" | "sample" | "given";
  language: string;
  /** A sample's folder name. */
  name?: string;
  dir: string;
  result: RunResult;
  events: NewRunEvent[];
  durationMs: number;
  /** Why it does not behave as it must, or null. */
  problem: string | null;
}

export interface VerifyOptions {
  languages?: string[];
  /** Grade up to and including this stage only. */
  stage?: string;
  /** Grade this folder instead of the track's starters and solutions. */
  solution?: string;
  /** Write each sample's golden log instead of comparing with it. */
  updateGolden?: boolean;
  onRepoStart?: (kind: RepoCheck["kind"], language: string) => void;
}

export function expectationProblem(kind: RepoCheck["kind"], result: RunResult, stages: string[]): string | null {
  if (kind === "sample") return null; // judged by its golden log
  if (kind === "given") return result.status === "passed" ? null : "it does not pass every stage";
  if (result.build.status !== "passed" && result.build.status !== "skipped") {
    return `the build ended with ${result.build.status}${result.build.message ? `: ${result.build.message}` : ""}`;
  }
  if (kind === "solution") {
    const bad = result.stages.find((s) => s.status !== "passed");
    if (bad) return `stage ${bad.slug} ended with ${bad.status}: ${bad.message ?? ""}`.trim();
    if (result.stages.length !== stages.length) return `only ${result.stages.length} of ${stages.length} stages ran`;
    return null;
  }
  const first = result.stages[0];
  if (!first || first.slug !== stages[0] || first.status === "passed")
    return `the starter should fail stage ${stages[0]}`;
  if (first.status !== "failed")
    return `the starter fails stage ${stages[0]} with ${first.status}, not a plain failure`;
  return null;
}

export async function verifyTrack(track: LoadedTrack, opts: VerifyOptions = {}): Promise<RepoCheck[]> {
  const all = track.stages.map((s) => s.slug);
  const upTo = opts.stage ? all.indexOf(opts.stage) : all.length - 1;
  if (upTo < 0) throw new Error(`no stage '${opts.stage}' in ${track.manifest.slug} (stages: ${all.join(", ")})`);
  const stages = all.slice(0, upTo + 1);
  const { code } = await bundleTrack(track);
  const limits = trackLimits(track);
  const grader = new LocalGrader();
  const out: RepoCheck[] = [];
  try {
    const repos: Array<{ kind: RepoCheck["kind"]; language: string; dir: string; name?: string }> = [];
    if (opts.solution) {
      const cmd = repoCommands(opts.solution, opts.languages?.[0]);
      repos.push({ kind: "given", language: cmd.language, dir: opts.solution });
    } else {
      for (const language of opts.languages ?? track.manifest.languages) {
        for (const [kind, folder] of [
          ["starter", "starters"],
          ["solution", "solutions"],
        ] as const) {
          const dir = path.join(track.dir, folder, language);
          if (fs.existsSync(dir)) repos.push({ kind, language, dir });
        }
      }
      for (const dir of sampleDirs(track.dir)) {
        const { language } = repoCommands(dir);
        if (!opts.languages || opts.languages.includes(language)) {
          repos.push({ kind: "sample", language, dir, name: path.basename(dir) });
        }
      }
    }
    for (const repo of repos) {
      opts.onRepoStart?.(repo.kind, repo.language);
      const commands = repoCommands(repo.dir, repo.language);
      const graded = await grader.grade({
        dir: repo.dir,
        commands,
        harness: code,
        stages,
        limits,
        vm: trackMachine(track, stages),
        services: trackServices(track, stages),
      });
      const problem =
        repo.kind === "sample"
          ? compareGolden(repo.dir, participantLog(graded.events), opts.updateGolden ?? false).problem
          : expectationProblem(repo.kind, graded.result, stages);
      out.push({ ...repo, ...graded, problem });
    }
  } finally {
    await grader.close();
  }
  return out;
}
