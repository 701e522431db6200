// The worker's end of a supervisor (see supervisor-source.ts): the container's attach stream,
// opened before the container started. Sends the one job input; parses the supervisor's
// frames and hands them, in order, to whoever listens (frames that arrive between two
// listeners wait in a queue).
import { Writable } from "node:stream";
import type Docker from "dockerode";

export type FrameType = "s" | "o" | "e" | "b" | "r" | "g" | "h" | "k" | "x" | "f";
export interface Frame {
  type: FrameType;
  payload: Buffer;
}
/** null: the stream ended (the container exited or was killed). */
export type FrameListener = (frame: Frame | null) => void;

export interface SupervisorInput {
  harness: Buffer;
  source: Buffer;
  build: string | null;
  config: unknown;
}

const MAX_STDERR = 16 * 1024;

export class SupervisorChannel {
  #queue: Array<Frame | null> = [];
  #listener: FrameListener | null = null;
  #ended = false;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #sent = false;
  /** The supervisor's own stderr (Node's fatal errors); never the harness's. */
  stderr = "";
  #onBooted: ((ms: number) => void) | null = null;
  /** vm sandboxes (stock kernel): resolves with the boot time once the guest's agent is up. */
  readonly booted: Promise<number> = new Promise((resolve) => {
    this.#onBooted = resolve;
  });

  constructor(
    private readonly socket: NodeJS.ReadWriteStream & { destroy?: () => void },
    modem: Docker["modem"],
  ) {
    const stdout = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.#parse(chunk);
        done();
      },
    });
    const stderr = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.stderr = (this.stderr + chunk.toString("utf8")).slice(-MAX_STDERR);
        done();
      },
    });
    modem.demuxStream(socket, stdout, stderr);
    const end = () => this.#end();
    socket.on("end", end);
    socket.on("close", end);
    socket.on("error", end);
  }

  /** True once the stream ended: the supervisor is gone and the container unusable. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Writes the job (once). The supervisor starts on it as soon as the bytes arrive. */
  send(input: SupervisorInput): void {
    if (this.#sent) throw new Error("a sandbox takes one job only");
    this.#sent = true;
    const header = JSON.stringify({
      harnessBytes: input.harness.length,
      sourceBytes: input.source.length,
      build: input.build,
      config: input.config,
    });
    if (this.#ended) return;
    this.socket.write(`${header}\n`);
    this.socket.write(input.harness);
    this.socket.write(input.source);
  }

  /** After the job: one line to the harness (a reply to a service call; see services/service-calls.ts). */
  reply(line: string): void {
    if (!this.#sent) throw new Error("no job was sent");
    if (this.#ended) return;
    this.socket.write(`${line}\n`);
  }

  /** Delivers queued frames now, then every new one, until unlisten(). */
  listen(fn: FrameListener): void {
    this.#listener = fn;
    while (this.#listener === fn && this.#queue.length > 0) fn(this.#queue.shift() as Frame | null);
  }

  unlisten(): void {
    this.#listener = null;
  }

  close(): void {
    this.socket.destroy?.();
  }

  #deliver(frame: Frame | null) {
    if (this.#listener && this.#queue.length === 0) this.#listener(frame);
    else this.#queue.push(frame);
  }

  #end() {
    if (this.#ended) return;
    this.#ended = true;
    this.#deliver(null);
  }

  #parse(chunk: Buffer) {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    for (;;) {
      if (this.#pendingBytes < 5) return;
      let buf = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
      const size = buf.readUInt32BE(1);
      if (buf.length < 5 + size) {
        this.#pending = [buf];
        return;
      }
      const type = String.fromCharCode(buf[0] as number) as FrameType;
      const payload = buf.subarray(5, 5 + size);
      buf = buf.subarray(5 + size);
      this.#pending = buf.length ? [buf] : [];
      this.#pendingBytes = buf.length;
      if (type === "r") this.#onBooted?.((JSON.parse(payload.toString("utf8")) as { bootMs: number }).bootMs);
      else if (!this.#ended) this.#deliver({ type, payload });
    }
  }
}
