import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "daemon",
  async run({ program, expect }) {
    expect((await program.run(["daemon"])).stdout).toBe("started a daemon\n");
  },
});
