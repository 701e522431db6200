// A PostgreSQL cluster of the test's own, so a fault test can stop the database for real without
// touching the machine's: initdb into a temp dir as the `postgres` OS user (the server refuses
// to run as root), pg_ctl start on a free port with the socket in that dir, stop and start again.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "@bsod/testkit";

const run = promisify(execFile);

/** The directory of PostgreSQL's server binaries (Debian keeps them out of PATH). */
function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(root, v, "bin");
    if (fs.existsSync(path.join(bin, "pg_ctl"))) return bin;
  }
  throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
}

export class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-pg-"));
  readonly data = path.join(this.dir, "data");
  private readonly bin = pgBin();
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Runs a server binary as the `postgres` user (root cannot run the server). */
  private async as(cmd: string, args: string[]): Promise<string> {
    const full = [path.join(this.bin, cmd), ...args];
    const asRoot = process.getuid?.() === 0;
    const { stdout } = asRoot
      ? await run("runuser", ["-u", "postgres", "--", ...full], { cwd: this.dir })
      : await run(full[0]!, full.slice(1), { cwd: this.dir });
    return stdout;
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) await run("chown", ["postgres", this.dir]);
    await this.as("initdb", ["-D", this.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    this.port = await freePort();
    await this.start();
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    await this.as("pg_ctl", ["-D", this.data, "-l", path.join(this.dir, "log"), "-o", opts, "-w", "-t", "60", "start"]);
  }

  /** Stops the server at once (connections are cut, as when the database host goes away). */
  async stop(): Promise<void> {
    await this.as("pg_ctl", ["-D", this.data, "-m", "immediate", "-w", "stop"]);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
