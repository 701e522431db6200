// vm runs with the stock kernel: the program runs in the guest machine, as root there. The
// harness reaches it through guest-exec (stdin/stdout/stderr, signals and the exit relayed;
// "oom" on fd 3 when the guest's OOM killer ended it) and the agent's port, forwarded to the
// container's loopback like every port the stage declares.
import { connect } from "node:net";

export interface GuestLink {
  /** The guest-exec client in the runner image. */
  exec: string;
  /** The guest agent's port on the container's loopback. */
  agentPort: number;
}

/**
 * Whether something in the guest listens on `port`. qemu's user network accepts a forwarded
 * connection before it knows whether the guest does, so a connect alone proves nothing.
 */
export function guestListening(guest: GuestLink, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port: guest.agentPort });
    let got = Buffer.alloc(0);
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.once("connect", () => s.write(Buffer.from([0x4c, 0, 0, 0, 2, port >> 8, port & 0xff])));
    s.on("data", (c: Buffer) => {
      got = Buffer.concat([got, c]);
      if (got.length >= 8) done(got[0] === 0x78 && got[5] === 0 && got[6] === 0);
    });
    s.once("error", () => done(false));
    s.once("close", () => done(false));
    s.setTimeout(2_000, () => done(false));
  });
}
