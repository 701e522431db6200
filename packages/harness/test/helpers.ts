// Helpers for the SDK's own tests: run stage definitions on the host against sample programs.

import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HarnessMessage } from "@bsod/contracts";
import { type RuntimeConfig, runStages, type StageOutcome } from "../src/runtime.ts";
import type { StageDefinition } from "../src/stage.ts";

export const PROGRAMS = join(dirname(fileURLToPath(import.meta.url)), "programs");

export function program(name: string): string {
  return `node ${join(PROGRAMS, name)}`;
}

export interface Ran {
  outcome: StageOutcome;
  messages: HarnessMessage[];
  logs(source?: "harness" | "program"): string[];
}

export async function runOne(
  stage: StageDefinition,
  run: string,
  overrides: Partial<RuntimeConfig> = {},
): Promise<Ran> {
  const messages: HarnessMessage[] = [];
  const config: RuntimeConfig = {
    stages: [stage.slug ?? "stage"],
    run,
    seed: "test-seed",
    stageTimeoutMs: 10_000,
    outputBytes: 1024 * 1024,
    workDir: mkdtempSync(join(tmpdir(), "bsod-harness-")),
    ...overrides,
  };
  const outcomes = await runStages([stage], config, (m) => messages.push(m));
  const outcome = outcomes[0];
  if (!outcome) throw new Error("no outcome");
  return {
    outcome,
    messages,
    logs: (source) =>
      messages.flatMap((m) => (m.type === "stage.log" && (!source || m.source === source) ? [m.line] : [])),
  };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
