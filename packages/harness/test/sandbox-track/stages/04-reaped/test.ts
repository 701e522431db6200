import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "reaped",
  async run({ program, expect }) {
    const left = JSON.parse((await program.run(["processes"])).stdout) as string[];
    // Only the probe's own shell wrapper may be there: the daemon of the last stage is gone.
    expect(
      left.filter((c) => c.includes("sleep")),
      { message: "a process survived its stage" },
    ).toEqual([]);
  },
});
