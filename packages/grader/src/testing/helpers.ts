// Shared test helpers: tarballs, jobs, sandboxes, Docker queries. Real Docker and Redis only.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_LIMITS, type GradeJob, type NewRunEvent, type RunResult } from "@bsod/contracts";
import { until } from "@bsod/testkit";
import Docker from "dockerode";
import { runGrading } from "../grading/run-grading.ts";
import { silentLogger } from "../log.ts";
import { LABEL } from "../sandbox/container-spec.ts";
import { SandboxPool } from "../sandbox/pool.ts";

export { until };

export const IMAGE = "bsod/runner-python:latest";
export const docker = new Docker();

export type TarEntry = { name: string; content?: string; mode?: number } | { name: string; symlink: string };

/** A minimal ustar archive (what `git archive` produces), symlinks included. */
export function makeTar(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const isLink = "symlink" in e;
    const data = isLink ? Buffer.alloc(0) : Buffer.from(e.content ?? "");
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, "utf8");
    h.write(`${((isLink ? 0o777 : (e.mode ?? 0o644)) & 0o7777).toString(8).padStart(7, "0")}\0`, 100);
    h.write("0000000\0", 108);
    h.write("0000000\0", 116);
    h.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
    h.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, "0")}\0`,
      136,
    );
    h.write(isLink ? "2" : "0", 156);
    if (isLink) h.write(e.symlink, 157, 100, "utf8");
    h.write("ustar\0", 257);
    h.write("00", 263);
    h.fill(" ", 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function pythonSource(main: string, extra: TarEntry[] = []): Buffer {
  return makeTar([{ name: "main.py", content: main }, ...extra]);
}

export function newSubmissionId(): string {
  return `sub_${randomBytes(8).toString("hex")}`;
}

export function makeJob(overrides: Partial<GradeJob> = {}): GradeJob {
  const id = overrides.submissionId ?? newSubmissionId();
  return {
    version: 1,
    submissionId: id,
    attempt: 1,
    image: IMAGE,
    source: `test:blob:src:${id}`,
    harness: `test:blob:harness:${id}`,
    stages: ["one"],
    build: null,
    run: "python3 -u main.py",
    seed: "seed-1",
    ...overrides,
    limits: { ...DEFAULT_LIMITS, memoryMb: 256, stageTimeoutMs: 5_000, buildTimeoutMs: 10_000, ...overrides.limits },
  };
}

/** TEST_SANDBOX_RUNTIME=runsc runs the suites under gVisor (registered by infra/scripts/prereqs.sh). */
export const TEST_RUNTIME: "runc" | "runsc" = process.env.TEST_SANDBOX_RUNTIME === "runsc" ? "runsc" : "runc";

export function testPool(
  workerId: string,
  scope: string,
  warmPerSpec = 0,
  runtime: "runc" | "runsc" = TEST_RUNTIME,
): SandboxPool {
  return new SandboxPool({ docker, workerId, scope, runtime, warmPerSpec, logger: silentLogger });
}

export interface Graded {
  result: RunResult;
  events: NewRunEvent[];
  containerIds: string[];
}

/** Runs one grading against a real sandbox, collecting events in memory. */
export async function grade(pool: SandboxPool, job: GradeJob, source: Buffer, harness: Buffer): Promise<Graded> {
  const events: NewRunEvent[] = [];
  const containerIds: string[] = [];
  const provider = {
    take: async (spec: Parameters<SandboxPool["take"]>[0], budget: number) => {
      const s = await pool.take(spec, budget);
      containerIds.push(s.id);
      return s;
    },
  };
  const result = await runGrading({ job, source, harness, sandboxes: provider, emit: (e) => events.push(e) });
  return { result, events, containerIds };
}

export async function sandboxContainers(filter: Record<string, string>): Promise<Docker.ContainerInfo[]> {
  const label = [`${LABEL.sandbox}=1`, ...Object.entries(filter).map(([k, v]) => `${k}=${v}`)];
  return docker.listContainers({ all: true, filters: { label } });
}

/**
 * Host processes still in one of these containers (their cgroup names the container id): a
 * qemu, a daemon. Reads /proc, so it sees the engine's host only when the engine is local.
 */
export function containerProcesses(containerIds: string[]): string[] {
  if (containerIds.length === 0) return [];
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cgroup = readFileSync(`/proc/${pid}/cgroup`, "utf8");
      if (!containerIds.some((id) => cgroup.includes(id))) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export function programLines(events: NewRunEvent[]): string[] {
  return events.flatMap((e) => (e.type === "stage.log" && e.source === "program" ? [e.line] : []));
}

/**
 * A small image FROM the test runner, with `files` added (path in the image → content): built
 * with the docker CLI, cached by the engine after the first time.
 */
export function buildTestImage(tag: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bsod-image-"));
  try {
    const copies: string[] = [];
    for (const [target, content] of Object.entries(files)) {
      const name = `f${copies.length}`;
      writeFileSync(path.join(dir, name), content);
      copies.push(`COPY ${name} ${target}`);
    }
    writeFileSync(path.join(dir, "Dockerfile"), [`FROM ${IMAGE}`, ...copies].join("\n"));
    const res = spawnSync(process.env.DOCKER ?? "docker", ["build", "-q", "-t", tag, dir], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`docker build of ${tag} failed: ${res.stderr}`);
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
