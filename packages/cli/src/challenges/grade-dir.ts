// Grades a folder as if it had been pushed: the same runGrading and sandbox the worker uses.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  type GradeJob,
  type Limits,
  type LoadedTrack,
  languageSpec,
  type NewRunEvent,
  RepoManifest,
  type RunResult,
  sandboxLimits,
} from "@bsod/contracts";
import { createDocker, runGrading, SandboxPool, silentLogger } from "@bsod/worker";
import { parse as parseYaml } from "yaml";
import { CliError } from "../errors.ts";

export interface RepoCommands {
  language: string;
  image: string;
  build: string | null;
  run: string;
}

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

/** The whole folder as a tar, files owned by the program user, .git left out. */
export function tarOf(dir: string): Buffer {
  return execFileSync("tar", ["-C", dir, "--exclude=.git", "--owner=2000", "--group=2000", "-cf", "-", "."], {
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The sandbox limits of a track, as the api computes them for a job. */
export function trackLimits(track: LoadedTrack): Limits {
  return sandboxLimits(
    track.manifest.limits,
    track.stages.map((s) => s.limits),
  );
}

export class LocalGrader {
  private readonly pool: SandboxPool;

  constructor() {
    this.pool = new SandboxPool({
      docker: createDocker(process.env.DOCKER_HOST),
      workerId: `cli-${process.pid}`,
      scope: `bsod-cli-${process.pid}`,
      runtime: "runc",
      warmPerSpec: 0,
      logger: silentLogger,
    });
  }

  async grade(opts: {
    dir: string;
    commands: RepoCommands;
    harness: string;
    stages: string[];
    limits: Limits;
    seed?: string;
    onEvent?: (e: NewRunEvent) => void;
  }): Promise<{ result: RunResult; events: NewRunEvent[]; durationMs: number }> {
    const job: GradeJob = {
      version: 1,
      submissionId: `sub_local${process.pid}`,
      attempt: 1,
      image: opts.commands.image,
      source: "local",
      harness: "local",
      stages: opts.stages,
      limits: opts.limits,
      build: opts.commands.build,
      run: opts.commands.run,
      seed: opts.seed ?? "verify",
    };
    const events: NewRunEvent[] = [];
    const started = Date.now();
    const result = await runGrading({
      job,
      source: tarOf(opts.dir),
      harness: Buffer.from(opts.harness),
      sandboxes: this.pool,
      emit: (e) => {
        events.push(e);
        opts.onEvent?.(e);
      },
    });
    return { result, events, durationMs: Date.now() - started };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
