// npm start's log lines keep pino's timestamp, level and fields.
import { describe, expect, it } from "vitest";
import { formatLogLine } from "../log-line.ts";

describe("npm start's log lines", () => {
  it("keep the record's time, level and fields", () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 11, 3, 14, 5, 6, 789),
      pid: 1,
      hostname: "h",
      msg: "slow",
      ms: 12,
    });
    expect(formatLogLine("api", line)).toBe("[api] 2026-12-03T14:05:06.789Z WARN slow ms=12");
  });

  it("print anything that is not a pino record as it came", () => {
    expect(formatLogLine("redis", "1:M 03 Dec 2026 ready")).toBe("[redis] 1:M 03 Dec 2026 ready");
    expect(formatLogLine("redis", "42")).toBe("[redis] 42");
  });
});
