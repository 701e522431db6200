import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "features",
  async run({ program, expect }) {
    const { stdout } = await program.run(["features"]);
    expect(stdout).toContain("bpf: loaded a socket filter");
    expect(stdout).toContain("io_uring: NOP completed with user_data 42");
  },
});
