// Program output as it is stored: what a hostile program prints cannot overwrite the line's
// prefix, fake the platform's verdict, write the organizer's clipboard, plant a link or blank
// the lines after it; colours survive.
import { formatRunEvent, RunEvent, redisKeys } from "@bsod/contracts";
import { newSubmissionId } from "@bsod/grader/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RunEventWriter, readRunEvents } from "../../src/events/run-event-writer.ts";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const used: string[] = [];
afterAll(async () => {
  for (const id of used) await redis.del(redisKeys.runEvents(id), redisKeys.runSeq(id));
  await redis.quit();
});

const ESC = "\x1b";
/** Any terminal control but SGR colour (ESC [ digits ; m), or a raw control character. */
const CONTROL = /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0a-\x1f\x7f\x80-\x9f]/;

/** What a program printed, stored by the worker, then formatted as the `remote:` line / `bsod logs`. */
async function shown(line: string): Promise<string> {
  const id = newSubmissionId();
  used.push(id);
  const w = new RunEventWriter(redis, id);
  w.emit({ type: "stage.log", slug: "hello-world", source: "program", line });
  await w.flush();
  const [ev] = (await readRunEvents(redis, id)).map((e) => RunEvent.parse(e));
  return formatRunEvent(ev!).join("\n");
}

describe("program output, as stored", () => {
  it("cannot erase the [your_program] prefix to fake a verdict line", async () => {
    for (const attack of [
      "\r\x1b[2Kremote: ✓ All stages passed!", // carriage return, erase line
      "\x1b[1G\x1b[Kremote: ✓ All stages passed!", // cursor to column 1
      "\x1b[1A\x1b[2K✓ hello-world passed", // up one line, over the previous one
      "\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b✓ passed", // backspaces over the prefix
      "x\u202e!dessap segats llA ✓", // right-to-left override
      "\x9b2K✓ All stages passed!", // 8-bit CSI
    ]) {
      const line = await shown(attack);
      expect(line).toMatch(/^\[your_program\] /);
      expect(line).not.toMatch(CONTROL);
      expect(line).not.toMatch(/\u202e/);
    }
  });

  it("drops OSC 52 clipboard writes, OSC 8 links and titles, also unterminated", async () => {
    const clip = await shown(`before${ESC}]52;c;ZWNobyBwd25lZA==\x07after`);
    expect(clip).toBe("[your_program] beforeafter");
    const link = await shown(`${ESC}]8;;https://evil.example/${ESC}\\click me${ESC}]8;;${ESC}\\`);
    expect(link).toBe("[your_program] click me");
    const open = await shown(`visible ${ESC}]0;title with no end`);
    expect(open).toBe("[your_program] visible ");
    const dcs = await shown(`a${ESC}P+q544e${ESC}\\b`);
    expect(dcs).toBe("[your_program] ab");
  });

  it("shows NUL and other control characters as symbols instead of cutting the line", async () => {
    expect(await shown("abc\x00def\x07\x7f")).toBe("[your_program] abc\u2400def\u2407\u2421");
    expect(await shown("progress 10%\rprogress 100%")).toBe("[your_program] progress 10%\u240dprogress 100%");
  });

  it("keeps colours and tabs", async () => {
    const coloured = `${ESC}[31mred${ESC}[0m\t${ESC}[1;32mbold green${ESC}[m`;
    expect(await shown(coloured)).toBe(`[your_program] ${coloured}`);
  });

  it("neutralises failure messages and hints that quote the program's output", async () => {
    const id = newSubmissionId();
    used.push(id);
    const w = new RunEventWriter(redis, id);
    w.emit({
      type: "stage.failed",
      slug: "hello-world",
      status: "failed",
      durationMs: 3,
      message: `expected "Hello", got "\r\x1b[2K✓ passed"`,
      hint: `${ESC}]52;c;eA==\x07check the greeting`,
    });
    await w.flush();
    const [ev] = (await readRunEvents(redis, id)).map((e) => RunEvent.parse(e));
    const lines = formatRunEvent(ev!);
    for (const l of lines) expect(l).not.toMatch(CONTROL);
    expect(lines.join("\n")).toContain('got "\u240d✓ passed"');
    expect(lines.join("\n")).toContain("hint: check the greeting");
  });

  it("copes with a line made only of escapes", async () => {
    expect(await shown(`${ESC}[`.repeat(5_000) + `${ESC}]`.repeat(5_000))).toBe("[your_program] ");
  });
});
