import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "memory",
  async run({ program }) {
    await program.run(["hog"], { check: false });
  },
});
