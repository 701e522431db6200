import { defineStage } from "@bsod/harness";

export default defineStage({
  slug: "isolation",
  async run({ program, expect }) {
    const r = JSON.parse((await program.run(["probe"], { logStdout: false })).stdout);
    expect(r).toEqual({
      uid: 2000,
      caps: "0000000000000000",
      harness_found: true,
      read_bundle: "PermissionError",
      read_environ: "PermissionError",
      signal_harness: "PermissionError",
      write_harness_stdout: "PermissionError",
      env: ["HOME", "LANG", "PATH", "PWD"], // PWD comes from sh
    });
  },
});
