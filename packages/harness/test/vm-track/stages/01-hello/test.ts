import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "hello",
  async run({ program, expect, log }) {
    const { stdout } = await program.run(["hello"], { stdin: "ping\n" });
    log.info(`the program says: ${stdout.trim()}`);
    expect(stdout.trim().split(" from ")[0], { hint: "answer ping with pong" }).toBe("pong");
  },
});
