import type { NewRunEvent } from "@bsod/contracts";
import { describe, expect, it } from "vitest";
import { HarnessSession } from "./harness-session.ts";

function session(stages = ["one", "two"]) {
  const events: NewRunEvent[] = [];
  const problems: string[] = [];
  const s = new HarnessSession(
    stages,
    (e) => events.push(e),
    (why) => problems.push(why),
  );
  const send = (...msgs: unknown[]) => {
    for (const m of msgs) s.onLine(typeof m === "string" ? m : JSON.stringify(m));
  };
  return { s, events, problems, send };
}

describe("HarnessSession", () => {
  it("turns a well-behaved run into events and results", () => {
    const { s, events, problems, send } = session();
    send(
      { type: "stage.started", slug: "one", title: "One" },
      { type: "stage.log", slug: "one", source: "program", line: "hi" },
      { type: "stage.passed", slug: "one", durationMs: 3 },
      { type: "stage.started", slug: "two" },
      {
        type: "stage.failed",
        slug: "two",
        status: "failed",
        durationMs: 4,
        message: "expected PONG",
        hint: "read the RESP spec",
      },
      { type: "harness.done" },
    );
    expect(problems).toEqual([]);
    expect(s.done).toBe(true);
    // the failure is held back until the worker checked it (OOM)
    expect(events.map((e) => e.type)).toEqual(["stage.started", "stage.log", "stage.passed", "stage.started"]);
    expect(s.finish(null)).toEqual([
      { slug: "one", status: "passed", durationMs: 3 },
      { slug: "two", status: "failed", durationMs: 4, message: "expected PONG", hint: "read the RESP spec" },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "stage.failed", slug: "two", hint: "read the RESP spec" });
    expect(events[0]).toMatchObject({ index: 0, title: "One" });
  });

  it.each([
    ["a line that is not JSON", ["hello"]],
    ["an unknown message type", [{ type: "stage.skipped", slug: "one" }]],
    ["a stage out of order", [{ type: "stage.started", slug: "two" }]],
    ["a verdict for a stage that is not running", [{ type: "stage.passed", slug: "one", durationMs: 1 }]],
    [
      "a log line for another stage",
      [
        { type: "stage.started", slug: "one" },
        { type: "stage.log", slug: "two", source: "harness", line: "x" },
      ],
    ],
    [
      "a second start",
      [
        { type: "stage.started", slug: "one" },
        { type: "stage.started", slug: "one" },
      ],
    ],
    [
      "a failure that says passed",
      [
        { type: "stage.started", slug: "one" },
        { type: "stage.failed", slug: "one", status: "passed", durationMs: 1, message: "" },
      ],
    ],
  ])("reports %s as a protocol error and ignores the rest", (_what, msgs) => {
    const { s, problems, send } = session();
    send(...msgs, { type: "harness.done" });
    expect(problems).toHaveLength(1);
    expect(s.done).toBe(false);
  });

  it("ignores whatever the harness says after the first failure", () => {
    const { s, problems, send } = session();
    send(
      { type: "stage.started", slug: "one" },
      { type: "stage.failed", slug: "one", status: "crashed", durationMs: 1, message: "exit 1" },
      { type: "stage.started", slug: "two" },
      { type: "stage.passed", slug: "two", durationMs: 1 },
      { type: "harness.done" },
    );
    expect(problems).toEqual([]);
    expect(s.ignored).toBe(2);
    expect(s.finish(null).map((r) => r.slug)).toEqual(["one"]);
  });

  it("names the stage a worker-decided verdict belongs to", () => {
    const { s, send } = session();
    expect(s.pendingStage()).toEqual({ slug: "one", startedAt: null });
    send({ type: "stage.started", slug: "one" });
    expect(s.pendingStage()?.slug).toBe("one");
    expect(s.pendingStage()?.startedAt).toEqual(expect.any(Number));
  });
});
