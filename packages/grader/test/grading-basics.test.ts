// runGrading against real containers: verdicts for ordinary programs, builds and harness bugs.
import { randomBytes } from "node:crypto";
import type { NewRunEvent } from "@bsod/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { runGrading } from "../src/grading/run-grading.ts";
import { LABEL } from "../src/sandbox/container-spec.ts";
import { brokenHarness, fixtureHarness } from "../src/testing/fixture-harness.ts";
import { grade, makeJob, pythonSource, sandboxContainers, testPool, until } from "../src/testing/helpers.ts";

const workerId = `test-basics-${randomBytes(4).toString("hex")}`;
const pool = testPool(workerId, `test-${workerId}`);
afterAll(() => pool.close());

const echoStages = fixtureHarness({ one: { stdin: "ping", expect: "PONG" }, two: { expect: "bye" } });

describe.concurrent("runGrading", () => {
  it("passes a correct python program through every stage", async () => {
    const src = pythonSource("import sys\nline = sys.stdin.read()\nprint('PONG' if line == 'ping' else 'bye')\n");
    const { result, events, containerIds } = await grade(pool, makeJob({ stages: ["one", "two"] }), src, echoStages);
    expect(result).toMatchObject({ version: 1, status: "passed", build: { status: "skipped" } });
    expect(result.stages.map((s) => [s.slug, s.status])).toEqual([
      ["one", "passed"],
      ["two", "passed"],
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "build.finished",
      "stage.started",
      "stage.log",
      "stage.passed",
      "stage.started",
      "stage.log",
      "stage.passed",
    ]);
    // the result is handed out first; the container is removed right after, in the background
    await until("the run's container is removed", async () =>
      (await sandboxContainers({ [LABEL.worker]: workerId })).every((c) => c.Id !== containerIds[0]),
    );
  });

  it("stops at the first failing stage and reports its message", async () => {
    const src = pythonSource("print('PANG')\n");
    const { result, events } = await grade(pool, makeJob({ stages: ["one", "two"] }), src, echoStages);
    expect(result.status).toBe("failed");
    expect(result.stages).toHaveLength(1);
    expect(result.stages[0]).toMatchObject({ slug: "one", status: "failed", message: 'expected "PONG", got "PANG"' });
    expect(events.at(-1)).toMatchObject({ type: "stage.failed", slug: "one", message: 'expected "PONG", got "PANG"' });
    expect(events.some((e) => e.type === "stage.started" && e.slug === "two")).toBe(false);
  });

  it("reports a failing build as compile_error with its exit code and last lines", async () => {
    const job = makeJob({ build: "echo compiling main.py; echo 'main.py:3: syntax error' >&2; exit 3" });
    const { result, events } = await grade(pool, job, pythonSource("print(1)\n"), echoStages);
    expect(result.status).toBe("compile_error");
    expect(result.build.message).toContain("exited with code 3");
    expect(result.build.message).toContain("main.py:3: syntax error");
    expect(result.stages).toEqual([]);
    // stdout and stderr are separate pipes: their relative order is not defined
    const lines = events.filter((e) => e.type === "build.log").map((e) => (e as { line: string }).line);
    expect(lines.sort()).toEqual(["compiling main.py", "main.py:3: syntax error"]);
  });

  it("runs the build as the program user in /work and then the stages", async () => {
    const job = makeJob({
      build: "id -u > built.txt && pwd >> built.txt && grep CapEff /proc/self/status >> built.txt",
      run: "cat built.txt",
    });
    const expected = "2000\n/work\nCapEff:\t0000000000000000";
    const { result } = await grade(pool, job, pythonSource(""), fixtureHarness({ one: { expect: expected } }));
    expect(result).toMatchObject({ status: "passed", build: { status: "passed" } });
  });

  it("stops a build that never ends: timeout", async () => {
    const job = makeJob({ build: "echo start; sleep 1000", limits: { buildTimeoutMs: 1_500 } as never });
    const { result } = await grade(pool, job, pythonSource(""), echoStages);
    expect(result.status).toBe("timeout");
    expect(result.build.message).toContain("1.5 s");
  });

  it("rejects a repository bigger than the work dir as compile_error, naming the limit", async () => {
    const big = pythonSource("print(1)\n", [{ name: "data.bin", content: "x".repeat(3 * 1024 * 1024) }]);
    const { result } = await grade(pool, makeJob({ limits: { workDirMb: 1 } as never }), big, echoStages);
    expect(result).toMatchObject({ status: "compile_error", build: { message: expect.stringContaining("1 MB") } });
  });

  it("treats an unreadable source archive as our fault: internal_error", async () => {
    const { result } = await grade(pool, makeJob(), Buffer.from("not a tar archive at all".repeat(40)), echoStages);
    expect(result).toMatchObject({ status: "internal_error", build: { status: "internal_error" } });
  });

  it("turns a harness that prints garbage into internal_error, not the participant's fault", async () => {
    const { result } = await grade(pool, makeJob(), pythonSource("print('PONG')\n"), brokenHarness("garbage"));
    expect(result.status).toBe("internal_error");
    expect(result.stages[0]).toMatchObject({ slug: "one", status: "internal_error" });
  });

  it("turns a crashing harness into internal_error", async () => {
    const { result } = await grade(pool, makeJob(), pythonSource(""), brokenHarness("crash"));
    expect(result.stages[0]).toMatchObject({ slug: "one", status: "internal_error" });
    expect(result.stages[0]?.message).toContain("exited with code 1");
  });

  it("turns a harness that exits without harness.done into internal_error", async () => {
    const { result } = await grade(pool, makeJob(), pythonSource(""), brokenHarness("silent"));
    expect(result.stages[0]).toMatchObject({ slug: "one", status: "internal_error" });
  });

  it("does not wait for a harness that lingers after harness.done", { timeout: 30_000 }, async () => {
    const job = makeJob({ limits: { stageTimeoutMs: 60_000 } as never });
    const { result } = await grade(pool, job, pythonSource(""), brokenHarness("lingers"));
    expect(result).toMatchObject({ status: "passed", stages: [{ slug: "one", status: "passed" }] });
  });

  it("stops on abort: throws, and the container is gone", async () => {
    const controller = new AbortController();
    const events: NewRunEvent[] = [];
    let containerId = "";
    const run = runGrading({
      job: makeJob(),
      source: pythonSource("import time\nprint('started', flush=True)\ntime.sleep(60)\n"),
      harness: fixtureHarness({ one: {} }),
      sandboxes: {
        take: async (spec, budget) => {
          const s = await pool.take(spec, budget);
          containerId = s.id;
          return s;
        },
      },
      emit: (e) => {
        events.push(e);
        if (e.type === "stage.log") controller.abort(new Error("shutting down"));
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow("shutting down");
    expect(events.some((e) => e.type === "stage.log")).toBe(true);
    expect(await sandboxContainers({ [LABEL.worker]: workerId })).not.toContainEqual(
      expect.objectContaining({ Id: containerId }),
    );
  });

  it("times out a stage whose harness never stops the program, via the outer deadline", async () => {
    const job = makeJob({ limits: { stageTimeoutMs: 1_000 } as never });
    const { result, events } = await grade(
      pool,
      job,
      pythonSource("while True:\n    pass\n"),
      fixtureHarness({ one: {} }, { naive: true }),
    );
    expect(result.stages[0]).toMatchObject({ slug: "one", status: "timeout" });
    expect(events.at(-1)).toMatchObject({ type: "stage.failed", status: "timeout" });
  });
});

describe("after the runs", () => {
  it("left no sandbox container of this worker behind", async () => {
    await pool.close();
    expect(await sandboxContainers({ [LABEL.worker]: workerId })).toEqual([]);
  });
});
