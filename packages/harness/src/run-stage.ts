// Runs one stage: builds its context, enforces its time limit (reporting `timeout` even when
// the test code ignores the abort signal), classifies how it ended, and cleans up after it.
import type { HarnessMessage, Metric, Verdict } from "@bsod/contracts";
import { fail, StageFailure } from "./errors.ts";
import { expect } from "./expect.ts";
import { createProgramFiles, makeTmpDir, removeTmpDir } from "./files.ts";
import { createFixtures, type FixtureData } from "./fixtures.ts";
import type { GuestLink } from "./guest.ts";
import { createLog } from "./log.ts";
import { Program } from "./program.ts";
import { createRandom } from "./random.ts";
import { formatMs } from "./reader.ts";
import { createServices, type ServiceLink } from "./services.ts";
import type { StageContext, StageDefinition } from "./stage.ts";

/** Max length of one log line (RUN_LOG_MAX_LINE in contracts). */
const MAX_LINE = 2_000;
const MAX_PROGRAM_LINES = 200;
const MAX_MESSAGE = 4_000;

export interface StageRunConfig {
  run: string;
  seed: string;
  stageTimeoutMs: number;
  outputBytes: number;
  workDir: string;
  /** 0 = spawn the program directly (host-side tests), else drop to this uid with setpriv. */
  programUid: number;
  /** vm runs with the stock kernel: the program runs in the guest, reached through this. */
  guest?: GuestLink | undefined;
  /** The run's sidecar services (name, loopback port), steered through serviceLink. */
  services?: Array<{ name: string; port: number }> | undefined;
  serviceLink?: ServiceLink | undefined;
}

export interface StageEntry {
  /** The slug the track knows this stage by (stage.yaml). */
  slug: string;
  stage: StageDefinition;
  title?: string;
  fixtures?: FixtureData;
  /** stage.yaml's metric spec, used when run() returns a bare number. */
  metric?: Omit<Metric, "value">;
}

export interface StageOutcome {
  slug: string;
  status: Verdict;
  durationMs: number;
  message?: string;
  hint?: string;
  metric?: Metric;
}

type Emit = (message: HarnessMessage) => void;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (cut)` : s;
}

function classify(e: unknown): { status: Exclude<Verdict, "passed">; message: string; hint?: string } {
  if (e instanceof StageFailure) {
    return { status: e.verdict, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    status: "internal_error",
    message: `the stage's test code failed (${err.name}: ${err.message}); this is a bug in the stage, not in your program`,
  };
}

export async function runStage(entry: StageEntry, config: StageRunConfig, emit: Emit): Promise<StageOutcome> {
  const { slug, stage } = entry;
  const started = Date.now();
  const title = entry.title ?? stage.title;
  emit({ type: "stage.started", slug, ...(title ? { title } : {}) });
  const log = (line: string, source: "harness" | "program" = "harness") =>
    emit({ type: "stage.log", slug, source, line: clip(line, MAX_LINE) });

  const controller = new AbortController();
  const timeoutMs = Math.min(stage.timeoutMs ?? config.stageTimeoutMs, config.stageTimeoutMs);
  const deadline = started + timeoutMs;
  let finished = false;
  let lastStep: string | undefined;
  let fatalFailure: StageFailure | undefined;
  let rejectFatal: (e: StageFailure) => void = () => undefined;
  const fatal = new Promise<never>((_, reject) => {
    rejectFatal = reject;
  });
  fatal.catch(() => undefined);
  let programLines = 0;
  const waits: string[] = [];

  const program = new Program(
    {
      run: config.run,
      workDir: config.workDir,
      programUid: config.programUid,
      outputBytes: config.outputBytes,
      guest: config.guest,
    },
    {
      signal: controller.signal,
      programLine(line) {
        if (finished) return;
        programLines++;
        if (programLines <= MAX_PROGRAM_LINES) log(line, "program");
        else if (programLines === MAX_PROGRAM_LINES + 1) log(`… more output from your program is not shown`, "harness");
      },
      fatal(failure) {
        if (finished || fatalFailure) return;
        fatalFailure = failure;
        rejectFatal(failure);
      },
      remainingMs: () => Math.max(1, deadline - Date.now()),
      waitingFor(what) {
        waits.push(what);
        return () => {
          const i = waits.lastIndexOf(what);
          if (i >= 0) waits.splice(i, 1);
        };
      },
    },
  );

  let timer: NodeJS.Timeout | undefined;
  let tmpDir = "";
  let outcome: StageOutcome;
  try {
    tmpDir = makeTmpDir(config.workDir, slug, config.programUid, config.guest);
    const random = createRandom(`${config.seed}:${slug}`);
    const ctx: StageContext = {
      program,
      log: createLog(log, (text) => {
        lastStep = text;
      }),
      expect,
      fail,
      seed: random.seed,
      random,
      fixtures: createFixtures(slug, entry.fixtures),
      tmpDir,
      files: createProgramFiles(tmpDir, config.programUid, config.guest),
      signal: controller.signal,
      slug,
      services: createServices(config.services ?? [], config.serviceLink),
    };
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const step = lastStep ? ` (last step: ${clip(lastStep, 200)})` : "";
        const pending = waits.length > 0 ? `: ${waits[waits.length - 1]}` : "";
        reject(
          new StageFailure("timeout", `the stage did not finish within ${formatMs(timeoutMs)}${pending}${step}`, {
            hint: "is your program waiting for input that never comes, or stuck in a loop?",
          }),
        );
      }, timeoutMs);
    });
    const running = Promise.resolve().then(() => stage.run(ctx));
    running.catch(() => undefined);
    let returned: Awaited<ReturnType<StageDefinition["run"]>>;
    try {
      returned = await Promise.race([running, timedOut, fatal]);
    } catch (e) {
      // A connection that closed is often the visible end of a crash: give the exit a moment
      // to be seen so the participant reads "crashed: SIGSEGV", not "closed the connection".
      if (e instanceof StageFailure && e.verdict === "failed" && e.name === "StageFailure" && !fatalFailure) {
        await Promise.race([fatal.catch(() => undefined), new Promise((r) => setTimeout(r, 250))]);
      }
      throw fatalFailure ?? e;
    }
    let metric: Metric | undefined;
    if (returned && typeof returned === "object" && "metric" in returned) {
      const m = returned.metric;
      if (typeof m === "number") {
        if (!entry.metric) throw new Error("run() returned a metric number but the stage declares no metric");
        metric = { ...entry.metric, value: m };
      } else metric = m;
    }
    outcome = { slug, status: "passed", durationMs: Date.now() - started, ...(metric ? { metric } : {}) };
  } catch (e) {
    const c = classify(e);
    if (c.status === "internal_error" && e instanceof Error && e.stack)
      process.stderr.write(`[harness] ${slug}: ${e.stack}\n`);
    outcome = {
      slug,
      status: c.status,
      durationMs: Date.now() - started,
      message: clip(c.message, MAX_MESSAGE),
      ...(c.hint ? { hint: clip(c.hint, MAX_LINE) } : {}),
    };
  } finally {
    finished = true;
    clearTimeout(timer);
    controller.abort();
  }
  await program.stopAll();
  if (tmpDir) removeTmpDir(tmpDir, config.programUid);
  outcome.durationMs = Math.max(0, Math.round(outcome.durationMs));
  if (outcome.status === "passed") {
    emit({
      type: "stage.passed",
      slug,
      durationMs: outcome.durationMs,
      ...(outcome.metric ? { metric: outcome.metric } : {}),
    });
  } else {
    emit({
      type: "stage.failed",
      slug,
      status: outcome.status,
      durationMs: outcome.durationMs,
      message: outcome.message ?? "",
      ...(outcome.hint ? { hint: outcome.hint } : {}),
    });
  }
  return outcome;
}
