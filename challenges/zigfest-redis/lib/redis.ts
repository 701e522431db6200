// Shared helpers of the zigfest-redis stage tests: connect like redis-cli, send commands whole
// or split across TCP writes, and compare replies the way a real Redis client would (exact
// RESP type, exact bytes), with a hint that names the usual mistake.
import type { Connection, Log, Program, StageContext } from "@bsod/harness";
import { expect, fail } from "@bsod/harness";
import { type RespValue, resp } from "@bsod/harness/resp";

export const PORT = 6379;

/** How a command reads in the log: `$ redis-cli SET foo "hello world"`. */
export function cli(args: readonly string[]): string {
  return `$ redis-cli ${args.map((a) => (/^[\w.:*?+-]+$/.test(a) ? a : JSON.stringify(a))).join(" ")}`;
}

/** The bytes a client sends for a command: an array of bulk strings. */
export function encodeCommand(args: readonly string[]): Buffer {
  return resp.encode(resp.command(args));
}

/** Shows bytes the way a participant writes them in code: "*1\r\n$4\r\nPING\r\n". */
export function bytesShown(b: Buffer | string): string {
  return JSON.stringify(Buffer.isBuffer(b) ? b.toString("utf8") : b);
}

export async function connect(program: Program, log: Log, what = "a client"): Promise<Connection> {
  log.step(`connecting ${what} to 127.0.0.1:${PORT}`);
  return program.connect(PORT, { timeoutMs: 8_000, readTimeoutMs: 5_000 });
}

/** Starts the program and connects one client. */
export async function startAndConnect(ctx: StageContext): Promise<Connection> {
  await ctx.program.start();
  return connect(ctx.program, ctx.log);
}

const encoded = (v: RespValue) => bytesShown(resp.encode(v));

/** A hint for the usual mismatch between what was expected and what came back. */
export function diagnose(want: RespValue, got: RespValue, command: string): string | undefined {
  const name = command.split(" ")[0]?.toUpperCase() ?? command;
  if (want.type === "simple" && got.type === "bulk" && got.value === want.value) {
    return `${name} answers with a simple string: ${encoded(want)} — you sent a bulk string ${encoded(got)}`;
  }
  if (want.type === "bulk" && want.value !== null && got.type === "simple" && got.value === want.value) {
    return `values go back as bulk strings (length-prefixed): ${encoded(want)} — not as a simple string ${encoded(got)}`;
  }
  if (want.type === "bulk" && want.value === null) {
    if (got.type === "bulk") {
      return `a missing key is the null bulk string "$-1\\r\\n" (no payload, no second \\r\\n), not an empty or placeholder string`;
    }
    return `a missing key is the null bulk string "$-1\\r\\n" (redis-cli prints it as (nil))`;
  }
  if (want.type === "integer" && (got.type === "simple" || got.type === "bulk") && got.value === String(want.value)) {
    return `${name} answers with an integer: ${encoded(want)} — a colon, the digits, \\r\\n`;
  }
  if (want.type === "error" && got.type === "error") {
    return `the error text matters: clients match on it. Send exactly ${encoded(want)}`;
  }
  if (want.type === "error" && got.type !== "error") {
    return `this must be an error reply: a line starting with "-", like ${encoded(want)}`;
  }
  if (want.type === "simple" && want.value === "OK" && got.type !== "simple") {
    return `${name} answers with the simple string "+OK\\r\\n"`;
  }
  if (want.type === "bulk" && got.type === "bulk" && got.value !== null && want.value !== null) {
    if (got.value.length !== want.value.length && got.value.trim() === want.value.trim()) {
      return "the value must come back byte for byte: no added or removed spaces or line breaks";
    }
  }
  return undefined;
}

export interface ReplyCheck {
  /** What was sent, for messages: "GET foo". */
  command: string;
  hint?: string;
}

/** Fails the stage unless `got` is exactly `want`, explaining the difference. */
export function expectReply(got: RespValue, want: RespValue, check: ReplyCheck): void {
  const hint = diagnose(want, got, check.command) ?? check.hint;
  expect(got, { label: `reply to ${check.command}`, hint }).toEqual(want);
}

/** Sends one command and checks its reply. */
export async function roundTrip(
  conn: Connection,
  log: Log | undefined,
  args: readonly string[],
  want: RespValue,
  hint?: string,
): Promise<void> {
  if (log) log.step(cli(args));
  const got = await conn.send(args);
  expectReply(got, want, { command: args.join(" "), hint });
}

/** Writes `data` in pieces cut at `cuts` (byte offsets), pausing `gapMs` between writes. */
export async function writeSplit(conn: Connection, data: Buffer, cuts: number[], gapMs: number): Promise<void> {
  let at = 0;
  for (const cut of [...cuts, data.length]) {
    if (cut <= at) continue;
    await conn.write(data.subarray(at, cut));
    at = cut;
    if (at < data.length) await sleep(gapMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends several commands in one write (a pipeline) and reads the replies in order. */
export async function pipeline(conn: Connection, commands: readonly (readonly string[])[]): Promise<RespValue[]> {
  await conn.write(Buffer.concat(commands.map((c) => encodeCommand(c))));
  const out: RespValue[] = [];
  for (let i = 0; i < commands.length; i++) {
    out.push(
      await conn.readResp({
        waitingFor: `reply ${i + 1} of ${commands.length} to a pipeline (${(commands[i] ?? []).join(" ")})`,
      }),
    );
  }
  return out;
}

/** Fails if anything arrived that nobody asked for (a reply too many). */
export function expectNothingMore(conn: Connection, after: string): void {
  const extra = conn.takeReceived();
  if (extra.length > 0) {
    fail(
      `after ${after}, your program sent bytes nobody asked for: ${bytesShown(extra.subarray(0, 80))}`,
      "send exactly one reply per command (a common cause: answering once per read, or once per line of the request)",
    );
  }
}

export { resp };
