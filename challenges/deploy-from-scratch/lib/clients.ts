// Connections the SDK's program.connect() does not make: one attempt only (a refused connection
// is an answer, not something to retry), and from a chosen loopback address (127.0.0.2, …) so
// that a server can tell clients apart by IP. They are the SDK's Connection, with its reads.
import { connect as netConnect, type Socket } from "node:net";
import { Connection, type StageContext } from "@bsod/harness";
import { PORT } from "./http.ts";

const open = new Set<Connection>();

/** One connection attempt to port 8080; rejects with the socket error (ECONNREFUSED, …). */
export function dial(ctx: StageContext, localAddress?: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const s: Socket = netConnect({ host: "127.0.0.1", port: PORT, ...(localAddress ? { localAddress } : {}) });
    s.once("connect", () => {
      s.removeAllListeners("error");
      s.on("error", () => undefined); // surfaced by reads as a closed connection
      s.setNoDelay(true);
      const c = new Connection(s, PORT, ctx.signal, 5_000);
      open.add(c);
      s.once("close", () => open.delete(c));
      resolve(c);
    });
    s.once("error", (e) => {
      s.destroy();
      reject(e);
    });
  });
}

/** Closes every connection dial() made (the SDK closes only its own). */
export function closeDialed(): void {
  for (const c of open) c.close();
  open.clear();
}
