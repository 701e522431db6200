// A runner image's work-dir seed (/opt/bsod/work-seed: a toolchain's prebuilt cache, as in the
// zig image) is in /work, the program's own, before the source arrives — or, when it does not
// fit the work dir, not there at all.
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS } from "@bsod/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureHarness } from "../src/testing/fixture-harness.ts";
import { buildTestImage, grade, makeJob, programLines, pythonSource, testPool } from "../src/testing/helpers.ts";

const SEEDED = buildTestImage("bsod-test/seeded:latest", {
  "/opt/bsod/work-seed/.cache/tool/prebuilt.txt": "built once, in the image\n",
  "/opt/bsod/work-seed/.cache/tool/big.bin": "x".repeat(3 * 1024 * 1024),
});
const workerId = `test-seed-${randomBytes(4).toString("hex")}`;
const pool = testPool(workerId, `test-${workerId}`);
afterAll(() => pool.close());

const LOOK = [
  "import os",
  "p = '.cache/tool/prebuilt.txt'",
  "if os.path.exists(p):",
  "    st = os.stat(p)",
  "    open(p, 'a').write('and changed by the build\\n')",
  "    print('seed', st.st_uid, repr(open(p).read()), sorted(os.listdir('.cache/tool')))",
  "else:",
  "    print('no seed', sorted(os.listdir('.')))",
].join("\n");

describe("work-dir seed", () => {
  it("puts the image's seed in /work, owned and writable by the program, beside the source", async () => {
    const line = "seed 2000 'built once, in the image\\nand changed by the build\\n' ['big.bin', 'prebuilt.txt']";
    const { result, events } = await grade(
      pool,
      makeJob({ image: SEEDED }),
      pythonSource(LOOK),
      fixtureHarness({ one: { expect: line } }),
    );
    expect(programLines(events)).toEqual([line]);
    expect(result.status).toBe("passed");
  });

  it("leaves out a seed that does not fit the work dir, and still grades the source", async () => {
    const line = "no seed ['main.py']";
    const { result, events } = await grade(
      pool,
      makeJob({ image: SEEDED, limits: { ...DEFAULT_LIMITS, workDirMb: 2 } }),
      pythonSource(LOOK),
      fixtureHarness({ one: { expect: line } }),
    );
    expect(programLines(events)).toEqual([line]);
    expect(result.status).toBe("passed");
  });
});
