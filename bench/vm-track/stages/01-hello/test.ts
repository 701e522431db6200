import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "hello",
  async run({ program, expect }) {
    const { stdout } = await program.run();
    expect(stdout.trim()).toBe("Hello, BSOD!");
  },
});
