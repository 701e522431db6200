// Stage 1: the program listens on TCP port 6379. Nothing is sent yet: connecting is enough.
import { defineStage } from "@bsod/harness";
import { PORT } from "../../lib/redis.ts";

export default defineStage({
  slug: "bind-port",
  title: "Bind to port 6379",
  async run({ program, log }) {
    log.step("$ ./your_program");
    await program.start();
    log.step(`connecting to 127.0.0.1:${PORT} (retrying for up to 8 s while your program starts)`);
    const client = await program.connect(PORT, { timeoutMs: 8_000 });
    log.pass(`connected to port ${PORT}`);
    client.close();
  },
});
