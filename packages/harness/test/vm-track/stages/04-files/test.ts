import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "files",
  async run({ program, files, expect }) {
    const input = files.write("input.txt", "written by the harness\n");
    await program.run(["copy", input, `${input}.copy`]);
    expect(files.exists("input.txt.copy")).toBe(true);
    expect(files.readText("input.txt.copy")).toBe("written by the harness\n");
  },
});
