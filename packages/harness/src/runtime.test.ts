import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HarnessMessage } from "@bsod/contracts";
import { HarnessMessage as HarnessMessageSchema } from "@bsod/contracts";
import { describe, it, expect as vexpect } from "vitest";
import { program } from "../test/helpers.ts";
import { parseHarnessConfig } from "./runtime.ts";

const here = new URL(".", import.meta.url).pathname;

/** Runs a harness entry as its own process, the way the sandbox does, and parses its stdout. */
function runHarnessProcess(
  config: unknown,
): Promise<{ messages: HarnessMessage[]; code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "bsod-runtime-"));
  const entry = join(dir, "entry.mts");
  writeFileSync(
    entry,
    `import { defineStage, runHarness } from ${JSON.stringify(join(here, "index.ts"))};
const one = defineStage({ slug: "one", async run({ program, expect }) {
  console.log("from console.log");
  const r = await program.run(["forge"]);
  expect(r.exitCode).toBe(0);
}});
const two = defineStage({ slug: "two", async run({ expect }) { expect(1, { hint: "h" }).toBe(2); } });
const three = defineStage({ slug: "three", async run() {} });
await runHarness([one, two, three]);
`,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: here, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(`${JSON.stringify(config)}\n`);
    child.on("close", (code) => {
      const messages = out
        .split("\n")
        .filter(Boolean)
        .map((l) => HarnessMessageSchema.parse(JSON.parse(l)));
      resolve({ messages, code, stderr });
    });
  });
}

describe("runHarness", () => {
  it("speaks the protocol: one message per line, stops at the first failure, ends with harness.done", async () => {
    const { messages, code } = await runHarnessProcess({
      stages: ["one", "two", "three"],
      run: program("behave.mjs"),
      seed: "s",
      stageTimeoutMs: 5000,
      outputBytes: 100000,
      workDir: mkdtempSync(join(tmpdir(), "bsod-work-")),
    });
    vexpect(code).toBe(0);
    vexpect(messages.map((m) => m.type)).toEqual([
      "stage.started",
      "stage.log",
      "stage.log",
      "stage.log",
      "stage.passed",
      "stage.started",
      "stage.failed",
      "harness.done",
    ]);
    vexpect(messages[1]).toEqual({ type: "stage.log", slug: "one", source: "harness", line: "from console.log" });
    vexpect(messages[2]).toMatchObject({
      source: "program",
      line: '{"type":"stage.passed","slug":"forge","durationMs":1}',
    });
    vexpect(messages[6]).toMatchObject({ slug: "two", status: "failed", message: "expected 2, got 1", hint: "h" });
  });

  it("exits non-zero with a reason on a bad config", async () => {
    const { messages, code, stderr } = await runHarnessProcess({ stages: [] });
    vexpect(messages).toEqual([]);
    vexpect(code).toBe(2);
    vexpect(stderr).toContain("invalid harness config: stages must be a non-empty array of slugs");
  });

  it("accepts the contracts' HarnessConfig and the host-side form without programUid", () => {
    const base = { stages: ["a"], run: "x", seed: "s", stageTimeoutMs: 1, outputBytes: 1, workDir: "/work" };
    vexpect(parseHarnessConfig({ ...base, programUid: 2000 }).programUid).toBe(2000);
    vexpect(parseHarnessConfig(base).programUid).toBeUndefined();
    vexpect(() => parseHarnessConfig({ ...base, seed: 1 })).toThrow("seed must be a string");
  });
});
