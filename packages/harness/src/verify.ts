// Host-side: runs a harness bundle against a source folder in a real sandbox container, the
// way the worker does (read-only root, no network, tmpfs /work and /bsod, only SETUID, SETGID
// and KILL, the build as the program user, HarnessConfig on stdin). Used by track tests and
// by `bsod challenges verify` to check that starters fail stage 1 and solutions pass.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_LIMITS,
  HarnessMessage,
  type Limits,
  type LoadedTrack,
  languageSpec,
  PROGRAM_UID,
  RepoManifest,
  resolveLimits,
  SANDBOX_PATHS,
} from "@bsod/contracts";
import { parse as parseYaml } from "yaml";

export interface SandboxRunOptions {
  image: string;
  /** Folder copied into /work (owned by the program user). */
  sourceDir: string;
  harnessCode: string;
  /** Shell command run in /work as the program user before the harness, or null. */
  build: string | null;
  run: string;
  stages: string[];
  seed?: string;
  limits?: Partial<Limits>;
  docker?: string;
}

export interface SandboxRun {
  build: { exitCode: number; output: string } | null;
  messages: HarnessMessage[];
  /** Lines on the harness's stdout that are not HarnessMessages (must be none). */
  junk: string[];
  harnessExitCode: number | null;
  harnessStderr: string;
}

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[], input?: Buffer | string): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

function tarOf(dir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("tar", ["-C", dir, "--owner=2000", "--group=2000", "-cf", "-", "."], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const parts: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => parts.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(parts)) : reject(new Error(`tar of ${dir} failed`)),
    );
  });
}

/** Runs the harness against one source folder in a fresh container, removed afterwards. */
export async function runInSandbox(o: SandboxRunOptions): Promise<SandboxRun> {
  const docker = o.docker ?? "docker";
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const name = `bsod-verify-${randomBytes(6).toString("hex")}`;
  const mb = limits.memoryMb;
  const created = await sh(docker, [
    "run",
    "-d",
    "--name",
    name,
    "--network",
    "none",
    "--read-only",
    "--tmpfs",
    `/work:rw,exec,size=${limits.workDirMb}m,uid=${PROGRAM_UID},gid=${PROGRAM_UID},mode=0755`,
    "--tmpfs",
    `${SANDBOX_PATHS.harnessDir}:rw,size=32m,mode=0700`,
    "--tmpfs",
    "/tmp:rw,exec,size=16m,mode=1777",
    "--cap-drop",
    "ALL",
    "--cap-add",
    "SETUID",
    "--cap-add",
    "SETGID",
    "--cap-add",
    "KILL",
    "--security-opt",
    "no-new-privileges",
    "--init",
    "--memory",
    `${mb}m`,
    "--memory-swap",
    `${mb}m`,
    "--pids-limit",
    String(limits.pids),
    "--cpus",
    String(limits.cpus),
    "--log-driver",
    "none",
    "-w",
    "/",
    "-e",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "-e",
    "LANG=C.UTF-8",
    o.image,
    "sleep",
    "infinity",
  ]);
  if (created.code !== 0) throw new Error(`docker run ${o.image} failed: ${created.stderr.trim()}`);
  try {
    const src = await sh(
      docker,
      ["exec", "-i", "-u", `${PROGRAM_UID}:${PROGRAM_UID}`, name, "tar", "-x", "-C", SANDBOX_PATHS.work, "-f", "-"],
      await tarOf(o.sourceDir),
    );
    if (src.code !== 0) throw new Error(`copying the source failed: ${src.stderr.trim()}`);
    const h = await sh(docker, ["exec", "-i", name, "sh", "-c", `cat > ${SANDBOX_PATHS.harnessBundle}`], o.harnessCode);
    if (h.code !== 0) throw new Error(`copying the harness failed: ${h.stderr.trim()}`);
    let build: SandboxRun["build"] = null;
    if (o.build) {
      const b = await sh(docker, [
        "exec",
        "-w",
        SANDBOX_PATHS.work,
        "-e",
        "HOME=/tmp",
        name,
        "setpriv",
        "--reuid",
        String(PROGRAM_UID),
        "--regid",
        String(PROGRAM_UID),
        "--clear-groups",
        "--inh-caps=-all",
        "--",
        "timeout",
        "-s",
        "KILL",
        String(Math.ceil(limits.buildTimeoutMs / 1000)),
        "sh",
        "-c",
        o.build,
      ]);
      build = { exitCode: b.code ?? -1, output: `${b.stdout}${b.stderr}` };
      if (b.code !== 0) return { build, messages: [], junk: [], harnessExitCode: null, harnessStderr: "" };
    }
    const config = {
      stages: o.stages,
      run: o.run,
      seed: o.seed ?? "verify",
      stageTimeoutMs: limits.stageTimeoutMs,
      outputBytes: limits.outputBytes,
      workDir: SANDBOX_PATHS.work,
      programUid: PROGRAM_UID,
    };
    const r = await sh(
      docker,
      ["exec", "-i", "-w", SANDBOX_PATHS.work, name, "node", SANDBOX_PATHS.harnessBundle],
      `${JSON.stringify(config)}\n`,
    );
    const messages: HarnessMessage[] = [];
    const junk: string[] = [];
    for (const line of r.stdout.split("\n")) {
      if (!line) continue;
      try {
        const m = HarnessMessage.safeParse(JSON.parse(line));
        if (m.success) messages.push(m.data);
        else junk.push(line);
      } catch {
        junk.push(line);
      }
    }
    return { build, messages, junk, harnessExitCode: r.code, harnessStderr: r.stderr };
  } finally {
    await sh(docker, ["rm", "-f", name]);
  }
}

export interface RepoRun {
  kind: "starters" | "solutions";
  language: string;
  run: SandboxRun;
  /** Why this repo does not behave as it should (starters fail stage 1, solutions pass all), or null. */
  problem: string | null;
}

/** The language, build and run of a participant repo (its bsod.yml over the language defaults). */
export function repoCommands(dir: string): { language: string; image: string; build: string | null; run: string } {
  const manifest = RepoManifest.parse(parseYaml(readFileSync(join(dir, "bsod.yml"), "utf8")));
  const spec = languageSpec(manifest.language);
  if (!spec) throw new Error(`${dir}/bsod.yml: unknown language "${manifest.language}"`);
  return {
    language: manifest.language,
    image: spec.image,
    build: manifest.build === undefined ? spec.build : manifest.build,
    run: manifest.run ?? spec.run,
  };
}

/** Runs every starter (must fail stage 1) and solution (must pass every stage) of a track. */
export async function verifyTrack(
  track: LoadedTrack,
  harnessCode: string,
  options: { languages?: string[]; docker?: string } = {},
): Promise<RepoRun[]> {
  const slugs = track.stages.map((s) => s.slug);
  const out: RepoRun[] = [];
  for (const language of options.languages ?? track.manifest.languages) {
    for (const kind of ["starters", "solutions"] as const) {
      const dir = join(track.dir, kind, language);
      if (!existsSync(dir)) continue;
      const cmd = repoCommands(dir);
      const run = await runInSandbox({
        image: cmd.image,
        sourceDir: dir,
        harnessCode,
        build: cmd.build,
        run: cmd.run,
        stages: slugs,
        limits: resolveLimits([track.manifest.limits]),
        ...(options.docker ? { docker: options.docker } : {}),
      });
      const finals = run.messages.filter((m) => m.type === "stage.passed" || m.type === "stage.failed");
      const done = run.messages.some((m) => m.type === "harness.done");
      let problem: string | null = null;
      if (run.build && run.build.exitCode !== 0) problem = `the build failed:\n${run.build.output}`;
      else if (!done) problem = `the harness did not finish (exit ${run.harnessExitCode}): ${run.harnessStderr}`;
      else if (kind === "solutions") {
        const bad = finals.find((m) => m.type === "stage.failed");
        if (bad && bad.type === "stage.failed") problem = `stage ${bad.slug} failed (${bad.status}): ${bad.message}`;
        else if (finals.length !== slugs.length) problem = `only ${finals.length} of ${slugs.length} stages ran`;
      } else {
        const first = finals[0];
        if (first?.type !== "stage.failed" || first.slug !== slugs[0])
          problem = `the starter should fail stage ${slugs[0]}`;
        else if (first.status !== "failed")
          problem = `the starter fails stage ${slugs[0]} with ${first.status}, not a plain failure`;
      }
      out.push({ kind, language, run, problem });
    }
  }
  return out;
}
