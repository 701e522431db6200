import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "serve",
  async run({ program, expect }) {
    await program.start(["serve"]);
    const client = await program.connect(8080);
    await client.writeLine("ping");
    expect(await client.readLine()).toBe("pong");
  },
});
