import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "timeout",
  async run({ program }) {
    await program.run(["hang"]);
  },
});
