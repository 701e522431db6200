// The handle `program.connect(port)` returns: a TCP connection to the program with the channel's
// reads and writes.
import type { Socket } from "node:net";
import { Channel } from "./channel.ts";
import { ByteReader } from "./reader.ts";

/** A TCP connection to the program. */
export class Connection extends Channel {
  constructor(
    readonly socket: Socket,
    readonly port: number,
    signal: AbortSignal,
    readTimeoutMs: number,
  ) {
    super(
      new ByteReader(socket, { peer: "your program", defaultTimeoutMs: readTimeoutMs, signal }),
      (data) =>
        new Promise((resolve) => {
          if (socket.destroyed) return resolve();
          socket.write(data, () => resolve());
        }),
      `127.0.0.1:${port}`,
    );
  }

  /** Half-closes (sends FIN); the program sees end-of-file. */
  end(): void {
    this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }
}
