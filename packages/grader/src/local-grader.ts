// Grades a folder as if it had been pushed, with the same runGrading and sandbox the worker
// uses: `bsod challenges verify`, the tracks' own tests and the benches.
import { execFileSync } from "node:child_process";
import {
  type GradeJob,
  type Limits,
  type NewRunEvent,
  type RunResult,
  type ServiceSpec,
  VM_RUNNER_IMAGE,
  type VmSpec,
} from "@bsod/contracts";
import { runGrading } from "./grading/run-grading.ts";
import { silentLogger } from "./log.ts";
import { createDocker } from "./sandbox/docker-client.ts";
import { SandboxPool } from "./sandbox/pool.ts";

export interface RepoCommands {
  language: string;
  image: string;
  build: string | null;
  run: string;
}

export interface LocalGradeResult {
  result: RunResult;
  events: NewRunEvent[];
  durationMs: number;
}

/** The whole folder as a tar, files owned by the program user, .git left out. */
export function tarOf(dir: string): Buffer {
  return execFileSync("tar", ["-C", dir, "--exclude=.git", "--owner=2000", "--group=2000", "-cf", "-", "."], {
    maxBuffer: 256 * 1024 * 1024,
  });
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
    /** The run's machine (vm runtime); absent: a container. */
    vm?: VmSpec | undefined;
    /** Sidecar services of the run (postgres, redis…). */
    services?: ServiceSpec[] | undefined;
    seed?: string;
    onEvent?: (e: NewRunEvent) => void;
  }): Promise<LocalGradeResult> {
    const job: GradeJob = {
      version: 1,
      submissionId: `sub_local${process.pid}`,
      attempt: 1,
      image: opts.vm ? VM_RUNNER_IMAGE : opts.commands.image,
      source: "local",
      harness: "local",
      stages: opts.stages,
      limits: opts.limits,
      build: opts.commands.build,
      run: opts.commands.run,
      seed: opts.seed ?? "verify",
      ...(opts.vm ? { vm: opts.vm } : {}),
      ...(opts.services?.length ? { services: opts.services } : {}),
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
