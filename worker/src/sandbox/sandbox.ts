// One sandbox container, used for exactly one run and then removed.
import type Docker from "dockerode";
import { containerOptions, type SandboxLabels, type SandboxSpec } from "./container-spec.ts";
import { type ExecOptions, type ExecResult, execInContainer } from "./exec.ts";
import { SandboxError } from "./sandbox-error.ts";

export interface CreateSandboxOptions {
  docker: Docker;
  spec: SandboxSpec;
  labels: SandboxLabels;
  runtime: "runc" | "runsc";
}

const OOM_FILES = "/sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events";

export class Sandbox {
  #killed = false;
  #removed = false;
  /** Called once the container is gone (the pool forgets it). */
  onDestroyed: (() => void) | undefined;

  private constructor(
    private readonly docker: Docker,
    readonly container: Docker.Container,
    readonly spec: SandboxSpec,
    /** Epoch ms after which reapers remove this container. */
    readonly deadline: number,
    readonly createdAt: number,
  ) {}

  get id(): string {
    return this.container.id;
  }

  /** False once the container was killed (timeout, output cap, abort) or removed. */
  get alive(): boolean {
    return !this.#killed && !this.#removed;
  }

  static async create(opts: CreateSandboxOptions): Promise<Sandbox> {
    let container: Docker.Container;
    try {
      container = await opts.docker.createContainer(containerOptions(opts.spec, opts.labels, opts.runtime));
    } catch (err) {
      throw new SandboxError(`cannot create a sandbox from ${opts.spec.image}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const sandbox = new Sandbox(opts.docker, container, opts.spec, opts.labels.deadline, Date.now());
    try {
      await container.start();
    } catch (err) {
      await sandbox.destroy();
      throw new SandboxError(`cannot start a sandbox from ${opts.spec.image}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return sandbox;
  }

  exec(opts: ExecOptions): Promise<ExecResult> {
    if (!this.alive) throw new SandboxError("exec in a sandbox that was already stopped");
    return execInContainer(this.docker, this.container, opts, () => this.kill());
  }

  /** Writes a file as root through stdin (putArchive is refused on a read-only rootfs). */
  async writeFile(path: string, data: Buffer): Promise<void> {
    const res = await this.exec({
      cmd: ["sh", "-c", 'cat > "$1"', "sh", path],
      user: "0",
      stdin: data,
      timeoutMs: 30_000,
      maxOutputBytes: 64 * 1024,
    });
    if (res.end !== "exited" || res.exitCode !== 0) {
      throw new SandboxError(`writing ${path} into the sandbox failed (${res.end}, exit ${res.exitCode})`);
    }
  }

  /**
   * Extracts a tar as the program user inside the container: the host never looks at the
   * entries, so a symlink in the archive can only ever point inside the sandbox.
   */
  async extractTar(dir: string, tar: Buffer, user: string): Promise<{ ok: boolean; error: string }> {
    let stderr = "";
    const res = await this.exec({
      // --no-overwrite-dir: an entry for "./" must not change the work dir's own mode.
      cmd: ["tar", "-x", "--no-same-owner", "--no-same-permissions", "--no-overwrite-dir", "-C", dir, "-f", "-"],
      user,
      stdin: tar,
      timeoutMs: 60_000,
      maxOutputBytes: 64 * 1024,
      onStderr: (c) => {
        stderr += c.toString("utf8");
      },
      onStdout: (c) => {
        stderr += c.toString("utf8");
      },
    });
    return { ok: res.end === "exited" && res.exitCode === 0, error: stderr.trim() || `tar ${res.end}` };
  }

  /** How many processes the kernel's OOM killer took in this container so far. */
  async oomKills(): Promise<number> {
    if (this.alive) {
      let text = "";
      const res = await this.exec({
        cmd: ["sh", "-c", `cat ${OOM_FILES} 2>/dev/null; true`],
        user: "0",
        timeoutMs: 10_000,
        maxOutputBytes: 64 * 1024,
        onStdout: (c) => {
          text += c.toString("utf8");
        },
      });
      const m = /^oom_kill (\d+)$/m.exec(text);
      if (res.end === "exited" && m) return Number(m[1]);
    }
    try {
      const info = await this.container.inspect();
      return info.State.OOMKilled ? 1 : 0;
    } catch (err) {
      throw new SandboxError(`container inspect failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Kills every process in the sandbox at once (the only reliable stop for a docker exec). */
  async kill(): Promise<void> {
    if (this.#killed || this.#removed) return;
    this.#killed = true;
    try {
      await this.container.kill({ signal: "SIGKILL" });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw new SandboxError(`kill failed: ${(err as Error).message}`);
    }
  }

  /** Removes the container whatever state it is in; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.#removed) return;
    this.#removed = true;
    try {
      await this.container.remove({ force: true, v: true });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw new SandboxError(`remove failed: ${(err as Error).message}`);
    } finally {
      this.onDestroyed?.();
    }
  }
}
