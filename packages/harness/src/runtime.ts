// The harness process: reads one HarnessConfig line on stdin, runs the requested stages in
// order (stopping at the first failure), and writes one HarnessMessage per line on stdout.

import { format } from "node:util";
import type { HarnessMessage } from "@bsod/contracts";
import { runStage, type StageEntry, type StageOutcome, type StageRunConfig } from "./run-stage.ts";
import { ServiceLink } from "./services.ts";
import type { StageDefinition } from "./stage.ts";

export type { StageEntry, StageOutcome, StageRunConfig };

/** A HarnessConfig as the harness accepts it: programUid may be 0 or absent for host-side runs. */
export interface RuntimeConfig extends Omit<StageRunConfig, "programUid"> {
  stages: string[];
  programUid?: number;
}

export class HarnessConfigError extends Error {
  override name = "HarnessConfigError";
}

/** Validates a parsed HarnessConfig (by hand: the bundle stays free of zod). */
export function parseHarnessConfig(input: unknown): RuntimeConfig {
  const bad = (why: string): never => {
    throw new HarnessConfigError(`invalid harness config: ${why}`);
  };
  if (typeof input !== "object" || input === null) return bad("not a JSON object");
  const c = input as Record<string, unknown>;
  if (!Array.isArray(c.stages) || c.stages.length === 0 || !c.stages.every((s) => typeof s === "string")) {
    bad("stages must be a non-empty array of slugs");
  }
  for (const k of ["run", "seed", "workDir"] as const) if (typeof c[k] !== "string") bad(`${k} must be a string`);
  for (const k of ["stageTimeoutMs", "outputBytes"] as const) {
    if (typeof c[k] !== "number" || !Number.isInteger(c[k]) || (c[k] as number) <= 0)
      bad(`${k} must be a positive integer`);
  }
  if (
    c.programUid !== undefined &&
    (typeof c.programUid !== "number" || !Number.isInteger(c.programUid) || c.programUid < 0)
  ) {
    bad("programUid must be a non-negative integer");
  }
  const g = c.guest as Record<string, unknown> | undefined;
  if (g !== undefined && (typeof g !== "object" || typeof g?.exec !== "string" || typeof g?.agentPort !== "number")) {
    bad("guest must be {exec, agentPort}");
  }
  const sv = c.services;
  if (
    sv !== undefined &&
    (!Array.isArray(sv) ||
      !sv.every((x) => typeof x === "object" && x !== null && typeof x.name === "string" && typeof x.port === "number"))
  ) {
    bad("services must be an array of {name, port}");
  }
  return {
    stages: c.stages as string[],
    run: c.run as string,
    seed: c.seed as string,
    stageTimeoutMs: c.stageTimeoutMs as number,
    outputBytes: c.outputBytes as number,
    workDir: c.workDir as string,
    ...(c.programUid !== undefined ? { programUid: c.programUid as number } : {}),
    ...(g ? { guest: { exec: g.exec as string, agentPort: g.agentPort as number } } : {}),
    ...(sv
      ? { services: (sv as Array<{ name: string; port: number }>).map((x) => ({ name: x.name, port: x.port })) }
      : {}),
  };
}

function toEntry(s: StageDefinition | StageEntry): StageEntry {
  if ("stage" in s) return s;
  if (!s.slug) throw new TypeError("a stage given to runStages without its entry needs a slug");
  return { slug: s.slug, stage: s };
}

/**
 * Runs the stages named in `config.stages`, in that order, stopping at the first failure.
 * With programUid 0 or absent (or BSOD_HARNESS_DIRECT=1) the program is spawned directly.
 */
export async function runStages(
  stages: ReadonlyArray<StageDefinition | StageEntry>,
  config: RuntimeConfig,
  emit: (message: HarnessMessage) => void,
  /** The channel for ctx.services (runs with sidecar services). */
  serviceLink?: ServiceLink,
): Promise<StageOutcome[]> {
  const entries = stages.map(toEntry);
  const direct = process.env.BSOD_HARNESS_DIRECT === "1";
  const runConfig: StageRunConfig = {
    ...config,
    programUid: direct ? 0 : (config.programUid ?? 0),
    ...(serviceLink ? { serviceLink } : {}),
  };
  const outcomes: StageOutcome[] = [];
  for (const slug of config.stages) {
    const entry = entries.find((e) => e.slug === slug);
    let outcome: StageOutcome;
    // A test.ts may leave its slug out (its folder names it); one it declares must match.
    if (!entry || (entry.stage.slug !== undefined && entry.stage.slug !== slug)) {
      const message = !entry
        ? `this track's harness has no stage "${slug}"`
        : `stage "${slug}": its test.ts declares slug "${entry.stage.slug}"`;
      emit({ type: "stage.started", slug });
      emit({ type: "stage.failed", slug, status: "internal_error", durationMs: 0, message });
      outcome = { slug, status: "internal_error", durationMs: 0, message };
    } else {
      outcome = await runStage(entry, runConfig, emit);
    }
    outcomes.push(outcome);
    if (outcome.status !== "passed") break;
  }
  return outcomes;
}

function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf("\n");
      if (nl >= 0) {
        cleanup();
        resolve(text.slice(0, nl));
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(text);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", onError);
      input.pause();
    };
    input.on("data", onData);
    input.on("end", onEnd);
    input.on("error", onError);
  });
}

export interface RunHarnessOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Exit the process when done (default true: pending test code must not keep it alive). */
  exit?: boolean;
}

/** The harness entry point: stdin → HarnessConfig, stdout → HarnessMessages. */
export async function runHarness(
  stages: ReadonlyArray<StageDefinition | StageEntry>,
  options: RunHarnessOptions = {},
): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const write = (m: HarnessMessage) => output.write(`${JSON.stringify(m)}\n`);
  let current: string | undefined;
  const emit = (m: HarnessMessage) => {
    if (m.type === "stage.started") current = m.slug;
    if (m.type === "stage.passed" || m.type === "stage.failed") current = undefined;
    write(m);
  };
  // stdout belongs to the protocol: the test code's console output becomes log lines.
  const toLog = (...args: unknown[]) => {
    const text = format(...args);
    if (current)
      for (const line of text.split("\n")) write({ type: "stage.log", slug: current, source: "harness", line });
    else process.stderr.write(`${text}\n`);
  };
  console.log = toLog;
  console.info = toLog;
  console.warn = toLog;
  console.debug = toLog;
  process.on("unhandledRejection", (e) => {
    process.stderr.write(`[harness] unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`);
  });
  let code = 0;
  try {
    const line = await readFirstLine(input);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new HarnessConfigError("invalid harness config: stdin did not start with a line of JSON");
    }
    const config = parseHarnessConfig(parsed);
    // With services, the worker answers ctx.services calls on the rest of stdin.
    const link = config.services?.length ? new ServiceLink(input, write) : undefined;
    await runStages(stages, config, emit, link);
    write({ type: "harness.done" });
  } catch (e) {
    process.stderr.write(`[harness] ${e instanceof Error ? e.message : String(e)}\n`);
    code = 2;
  }
  if (options.exit === false) return;
  await new Promise<void>((resolve) => output.write("", () => resolve()));
  process.exit(code);
}
