// One sandbox container, used for exactly one run and then removed.
import type Docker from "dockerode";
import { containerOptions, type SandboxLabels, type SandboxSpec } from "./container-spec.ts";
import { SandboxError } from "./sandbox-error.ts";
import { SupervisorChannel } from "./supervisor-channel.ts";
import type { VmAccel } from "./vm.ts";
import type { AccelChoice } from "./vm-probe.ts";

export interface CreateSandboxOptions {
  docker: Docker;
  spec: SandboxSpec;
  labels: SandboxLabels;
  runtime: "runc" | "runsc";
  /** The sandboxes' /etc/hosts on the engine's host (ensureHostsFile). */
  hostsFile: string;
  /** How a vm sandbox's qemu runs its guest (default tcg). */
  accel?: AccelChoice;
}

/**
 * How a container that stopped under us ended, as far as the participant is concerned:
 * "vanished" when something outside the run killed or removed it (another reaper, an operator,
 * the engine), which is infrastructure trouble and never a verdict.
 */
export type SandboxStop = "oom" | "process_limit" | "vanished" | "other";

/**
 * gVisor's sandbox kernel exits with this code when it cannot create the host threads it
 * needs (its ptrace platform spends several per guest process): under runsc that is a program
 * that started processes faster than they could end (RLIMIT_NPROC caps how many live at once).
 */
const RUNSC_KERNEL_EXIT = 2;

export class Sandbox {
  #killed = false;
  #removed = false;
  #removal: Promise<void> | null = null;
  #channel: SupervisorChannel | null = null;
  /** Called once the container is gone (the pool forgets it). */
  onDestroyed: (() => void) | undefined;

  private constructor(
    readonly container: Docker.Container,
    readonly spec: SandboxSpec,
    /** Epoch ms after which reapers remove this container. */
    readonly deadline: number,
    readonly createdAt: number,
    readonly runtime: "runc" | "runsc",
    /** How this sandbox's guest runs, when it is a vm. */
    readonly accel: VmAccel,
    /** The engine it runs on, and its owner labels: the run's sidecar services get the same. */
    readonly docker: Docker,
    readonly labels: SandboxLabels,
  ) {}

  /** The supervisor waiting in the container for its one job (attached before start). */
  get supervisor(): SupervisorChannel {
    if (!this.#channel) throw new SandboxError("sandbox has no supervisor stream");
    return this.#channel;
  }

  /** False when the supervisor is gone (it crashed, or the container died) before its job. */
  get usable(): boolean {
    return this.alive && !!this.#channel && !this.#channel.ended;
  }

  /** The removal in flight, if destroy() was called. */
  get removal(): Promise<void> | null {
    return this.#removal;
  }

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
      container = await opts.docker.createContainer(
        containerOptions(opts.spec, opts.labels, opts.runtime, opts.hostsFile, opts.accel),
      );
    } catch (err) {
      throw new SandboxError(`cannot create a sandbox from ${opts.spec.image}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const sandbox = new Sandbox(
      container,
      opts.spec,
      opts.labels.deadline,
      Date.now(),
      opts.runtime,
      opts.spec.vm?.kernel === "stock" && opts.accel?.accel === "kvm" ? "kvm" : "tcg",
      opts.docker,
      opts.labels,
    );
    try {
      // Attach BEFORE start: nothing the supervisor writes is lost, and stdin is ours from the start.
      const stream = (await container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      })) as NodeJS.ReadWriteStream & { destroy?: () => void };
      sandbox.#channel = new SupervisorChannel(stream, opts.docker.modem);
    } catch (err) {
      await sandbox.destroy();
      throw new SandboxError(`cannot attach to a sandbox from ${opts.spec.image}: ${(err as Error).message}`, {
        cause: err,
      });
    }
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

  /**
   * Why a container that has stopped or is stopping (killed by us, or its supervisor died)
   * ended: waits a moment for it to stop, then asks Docker.
   */
  async stopReason(): Promise<SandboxStop> {
    if (!this.#removed) {
      await Promise.race([
        this.container.wait({ condition: "not-running" }).catch(() => {}),
        new Promise((r) => setTimeout(r, 5_000).unref()),
      ]);
    }
    let state: Docker.ContainerInspectInfo["State"];
    try {
      state = (await this.container.inspect()).State;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404 && !this.#removed) return "vanished";
      throw new SandboxError(`container inspect failed: ${(err as Error).message}`, { cause: err });
    }
    if (state.OOMKilled) return "oom";
    if (this.runtime === "runsc" && !this.#killed && !state.Running && state.ExitCode === RUNSC_KERNEL_EXIT) {
      return "process_limit";
    }
    // SIGKILL that was not ours and not the OOM killer's: nothing inside may signal PID 1 (the
    // program has another uid, the supervisor is its child), so it came from outside.
    if (!this.#killed && !state.Running && state.ExitCode === 137) return "vanished";
    return "other";
  }

  /** Kills every process in the sandbox at once. */
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

  /** Removes the container whatever state it is in; safe to call twice (same promise). */
  destroy(): Promise<void> {
    this.#removal ??= this.#remove();
    return this.#removal;
  }

  async #remove(): Promise<void> {
    this.#removed = true;
    this.#channel?.close();
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
