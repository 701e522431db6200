// A Docker engine of the test's own, so a fault test can kill and restart dockerd mid-run without
// touching the machine's shared engine: its own socket, data root, exec root and pid file, no
// bridge and no iptables (sandboxes run with --network none), and its own containerd.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { until } from "@bsod/testkit";

const run = promisify(execFile);

export class PrivateDockerd {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-dockerd-"));
  readonly socket = path.join(this.dir, "docker.sock");
  child: ChildProcess | undefined;

  get host(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    const log = fs.openSync(path.join(this.dir, "dockerd.log"), "a");
    this.child = spawn(
      "dockerd",
      [
        "--host",
        this.host,
        "--data-root",
        path.join(this.dir, "data"),
        "--exec-root",
        path.join(this.dir, "exec"),
        "--pidfile",
        path.join(this.dir, "dockerd.pid"),
        "--bridge=none",
        "--iptables=false",
        "--ip-masq=false",
      ],
      { stdio: ["ignore", log, log] },
    );
    await until(
      "the test's dockerd to answer",
      async () => (await this.docker(["version", "--format", "{{.Server.Version}}"]).catch(() => "")) !== "",
      60_000,
    );
  }

  /** Runs the docker CLI against this engine; resolves with its stdout. */
  async docker(args: string[]): Promise<string> {
    const { stdout } = await run("docker", args, { env: { ...process.env, DOCKER_HOST: this.host } });
    return stdout.trim();
  }

  /** Copies an image from the machine's engine into this one. */
  async loadImage(image: string): Promise<void> {
    await run(
      "bash",
      ["-o", "pipefail", "-c", `docker save "$1" | DOCKER_HOST="$2" docker load -q`, "-", image, this.host],
      {
        env: { ...process.env, DOCKER_HOST: "" },
        maxBuffer: 1 << 20,
      },
    );
  }

  /** kill -9 of dockerd (its containers' processes go with it when it comes back). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
  }

  async destroy(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    }
    // Its containerd and shims leave mounts under the data root: unmount before removing.
    await run("bash", [
      "-c",
      `grep -o " $1[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`,
      "-",
      this.dir,
    ]).catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
