// A repository's commands (bsod.yml over the language defaults) and a track's sandbox limits,
// as the api computes them for a job; the grading itself is @bsod/grader's LocalGrader.
import fs from "node:fs";
import path from "node:path";
import {
  type Limits,
  type LoadedTrack,
  languageSpec,
  RepoManifest,
  runMachine,
  runServices,
  type ServiceSpec,
  sandboxLimits,
  type VmSpec,
} from "@bsod/contracts";
import type { RepoCommands } from "@bsod/grader";
import { parse as parseYaml } from "yaml";
import { CliError } from "../errors.ts";

export type { RepoCommands };

/** A repo's language, build and run: its bsod.yml over the language defaults. */
export function repoCommands(dir: string, fallbackLanguage?: string): RepoCommands {
  const file = path.join(dir, "bsod.yml");
  let manifest: RepoManifest;
  if (fs.existsSync(file)) {
    const parsed = RepoManifest.safeParse(parseYaml(fs.readFileSync(file, "utf8")));
    if (!parsed.success) throw new CliError(`${file}: ${parsed.error.issues[0]?.message}`);
    manifest = parsed.data;
  } else if (fallbackLanguage) manifest = { language: fallbackLanguage };
  else throw new CliError(`${dir} has no bsod.yml: add one naming the language, or pass --language`);
  const spec = languageSpec(manifest.language);
  if (!spec) throw new CliError(`${file}: unknown language "${manifest.language}"`);
  return {
    language: spec.id,
    image: spec.image,
    build: manifest.build === undefined ? spec.build : manifest.build,
    run: manifest.run ?? spec.run,
  };
}

/** The sandbox limits of a track, as the api computes them for a job. */
export function trackLimits(track: LoadedTrack): Limits {
  return sandboxLimits(
    track.manifest.limits,
    track.stages.map((s) => s.limits),
  );
}

/** The machine a run of these stages gets (vm runtime), as the api computes it for a job. */
export function trackMachine(track: LoadedTrack, stages: string[]): VmSpec | undefined {
  return runMachine(
    track.manifest,
    track.stages.filter((s) => stages.includes(s.slug)),
  );
}

/** The sidecar services a run of these stages gets, as the api computes them for a job. */
export function trackServices(track: LoadedTrack, stages: string[]): ServiceSpec[] {
  return runServices(
    track.manifest,
    track.stages.filter((s) => stages.includes(s.slug)),
  );
}
