import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "files",
  async run({ program, files, expect }) {
    const path = files.write("input.txt", "written by the harness\n");
    const r = await program.run(["cat", path]);
    expect(r.stdout).toBe("written by the harness\n");
  },
});
