// The sidecar services of one run: created in the run's sandbox network namespace once the
// sandbox is taken, started in parallel, ready once their port answers on that loopback, and
// removed with the run. The harness steers them through the engine (see service-calls.ts):
// stop/start (the service's controller stops or restarts the server, keeping its container and
// data), pause/resume (Docker's freezer: connections hang), exec (psql, redis-cli…) and state.
import type { ServiceSpec, ServiceState } from "@bsod/contracts";
import type Docker from "dockerode";
import type { SandboxLabels } from "../sandbox/container-spec.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import { type ExecResult, execIn } from "./exec.ts";
import { type ServiceImageInfo, serviceImageInfo, serviceOptions } from "./service-container.ts";

/** A service that did not come up: the run is an internal error naming it, never a verdict. */
export class ServiceNotReadyError extends Error {
  constructor(
    readonly service: string,
    why: string,
  ) {
    super(`service ${service} did not become ready: ${why}`);
  }
}

const CONTROLLER = "/usr/local/bin/bsod-service";
/** How long a stop/start/status of the controller may take. */
const CONTROL_TIMEOUT_MS = 15_000;

export class Service {
  #paused = false;
  constructor(
    readonly spec: ServiceSpec,
    readonly container: Docker.Container,
    private readonly docker: Docker,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** Runs argv in the service container as its user (psql, redis-cli…). */
  exec(argv: string[], timeoutMs = CONTROL_TIMEOUT_MS, stdin?: Buffer): Promise<ExecResult> {
    return execIn(this.docker, this.container, argv, { timeoutMs, ...(stdin ? { stdin } : {}) });
  }

  async #control(verb: "stop" | "start" | "status"): Promise<ExecResult> {
    if (this.#paused && verb !== "status") await this.resume();
    return this.exec([CONTROLLER, verb]);
  }

  /** Stops the server: connections are refused until start(); the container (and its data) stays. */
  async stop(): Promise<void> {
    const r = await this.#control("stop");
    if (r.code !== 0) throw new SandboxError(`stopping service ${this.name} failed: ${r.stderr.trim() || r.code}`);
  }

  /** Starts the server again and waits until its port answers. */
  async start(): Promise<void> {
    const r = await this.#control("start");
    if (r.code !== 0) throw new SandboxError(`starting service ${this.name} failed: ${r.stderr.trim() || r.code}`);
    await this.waitReady();
  }

  async pause(): Promise<void> {
    if (this.#paused) return;
    await this.container.pause();
    this.#paused = true;
  }

  async resume(): Promise<void> {
    if (!this.#paused) return;
    await this.container.unpause();
    this.#paused = false;
  }

  async state(): Promise<ServiceState> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.container.inspect();
    } catch {
      return "gone";
    }
    if (!info.State.Running) return "gone";
    if (info.State.Paused) return "paused";
    return (await this.exec([CONTROLLER, "status"])).code === 0 ? "running" : "stopped";
  }

  /** Resolves once the service's port accepts a connection; throws ServiceNotReadyError after its timeout. */
  async waitReady(timeoutMs = this.spec.readyTimeoutMs): Promise<void> {
    const started = Date.now();
    let r: ExecResult;
    try {
      r = await this.exec(
        [CONTROLLER, "ready", String(this.spec.readyPort), String(timeoutMs)],
        timeoutMs + CONTROL_TIMEOUT_MS,
      );
    } catch (err) {
      throw new ServiceNotReadyError(this.name, (err as Error).message);
    }
    if (r.code !== 0) {
      throw new ServiceNotReadyError(
        this.name,
        `nothing answered on port ${this.spec.readyPort} within ${Date.now() - started} ms` +
          (r.stderr.trim() ? ` (${r.stderr.trim().slice(0, 200)})` : ""),
      );
    }
  }

  async remove(): Promise<void> {
    try {
      await this.container.remove({ force: true, v: true });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409)
        throw new SandboxError(`removing service ${this.name} failed`, { cause: err });
    }
  }
}

/** What each image says about itself, asked once per image. */
const imageInfos = new Map<string, Promise<ServiceImageInfo>>();

function imageInfo(docker: Docker, image: string): Promise<ServiceImageInfo> {
  let p = imageInfos.get(image);
  if (!p) {
    p = docker
      .getImage(image)
      .inspect()
      .then(
        (i) => serviceImageInfo(image, i.Config?.Labels),
        (err: Error) => {
          throw new Error(`service image ${image} is not built (npm run images -- service-<kind>): ${err.message}`);
        },
      );
    p.catch(() => imageInfos.delete(image));
    imageInfos.set(image, p);
  }
  return p;
}

export class RunServices {
  readonly #byName = new Map<string, Service>();
  #removal: Promise<void> | null = null;

  private constructor(readonly list: Service[]) {
    for (const s of list) this.#byName.set(s.name, s);
  }

  static readonly none = new RunServices([]);

  get(name: string): Service | undefined {
    return this.#byName.get(name);
  }

  /**
   * Creates and starts every service in the sandbox's network namespace and waits until each is
   * ready. Throws ServiceNotReadyError (after removing what it started) when one does not come up.
   */
  static async start(
    docker: Docker,
    sandboxId: string,
    specs: ServiceSpec[],
    labels: SandboxLabels,
  ): Promise<RunServices> {
    if (specs.length === 0) return RunServices.none;
    const created: Service[] = [];
    const set = new RunServices(created);
    try {
      await Promise.all(
        specs.map(async (spec) => {
          let info: ServiceImageInfo;
          try {
            info = await imageInfo(docker, spec.image);
          } catch (err) {
            throw new ServiceNotReadyError(spec.name, (err as Error).message);
          }
          const container = await docker.createContainer(serviceOptions(spec, info, sandboxId, labels));
          const service = new Service(spec, container, docker);
          created.push(service);
          set.#byName.set(spec.name, service);
          try {
            await container.start();
          } catch (err) {
            throw new ServiceNotReadyError(spec.name, `its container did not start: ${(err as Error).message}`);
          }
          await service.waitReady();
        }),
      );
    } catch (err) {
      await set.destroy().catch(() => {});
      throw err;
    }
    return set;
  }

  /** Removes every service container; safe to call twice (same promise). */
  destroy(): Promise<void> {
    this.#removal ??= Promise.allSettled(this.list.map((s) => s.remove())).then((rs) => {
      const failed = rs.find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    });
    return this.#removal;
  }
}
