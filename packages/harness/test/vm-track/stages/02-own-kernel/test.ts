import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "own-kernel",
  async run({ program, expect }) {
    // boots the build's kernel: its serial port is the program's stdout, its status the exit code
    const { stdout } = await program.run();
    expect(stdout, { hint: "write to COM1 (port 0x3f8)" }).toContain("hello from my kernel");
  },
});
