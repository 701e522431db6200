// RESP (the Redis protocol, version 2): values, encoding, and a strict decoder whose errors
// name the usual mistakes (a bulk string where a simple string belongs, a missing \r).
import { registerFormatter } from "./format.ts";
import { type Parser, ProtocolError } from "./reader.ts";

export type RespValue =
  | { type: "simple"; value: string }
  | { type: "error"; value: string }
  | { type: "integer"; value: number }
  | { type: "bulk"; value: string | null }
  | { type: "array"; value: RespValue[] | null };

const TYPES = new Set(["simple", "error", "integer", "bulk", "array"]);

export function isRespValue(v: unknown): v is RespValue {
  return typeof v === "object" && v !== null && TYPES.has((v as { type?: string }).type ?? "") && "value" in v;
}

function describeResp(v: RespValue): string {
  switch (v.type) {
    case "simple":
      return `simple string +${v.value}`;
    case "error":
      return `error -${v.value}`;
    case "integer":
      return `integer :${v.value}`;
    case "bulk":
      return v.value === null ? "null bulk string $-1" : `bulk string $${Buffer.byteLength(v.value)} ${v.value}`;
    case "array":
      return v.value === null
        ? "null array *-1"
        : `array *${v.value.length} [${v.value.map((x) => describeResp(x)).join(", ")}]`;
  }
}

registerFormatter({ test: isRespValue, describe: (v) => describeResp(v as RespValue) });

function encode(v: RespValue): Buffer {
  switch (v.type) {
    case "simple":
      return Buffer.from(`+${v.value}\r\n`);
    case "error":
      return Buffer.from(`-${v.value}\r\n`);
    case "integer":
      return Buffer.from(`:${v.value}\r\n`);
    case "bulk": {
      if (v.value === null) return Buffer.from("$-1\r\n");
      const body = Buffer.from(v.value);
      return Buffer.concat([Buffer.from(`$${body.length}\r\n`), body, Buffer.from("\r\n")]);
    }
    case "array":
      if (v.value === null) return Buffer.from("*-1\r\n");
      return Buffer.concat([Buffer.from(`*${v.value.length}\r\n`), ...v.value.map(encode)]);
  }
}

const show = (b: Buffer) => JSON.stringify(b.toString("utf8"));

/** Reads a header line (type byte + text up to \r\n) at `at`; undefined when incomplete. */
function headerLine(buf: Buffer, at: number): { text: string; next: number } | undefined {
  const nl = buf.indexOf(0x0a, at);
  if (nl < 0) {
    if (buf.length - at > 64 * 1024) throw new ProtocolError("invalid RESP: a line longer than 64 KiB without \\r\\n");
    return undefined;
  }
  if (nl === at || buf[nl - 1] !== 0x0d) {
    throw new ProtocolError(
      `invalid RESP: the line ${show(buf.subarray(at, nl + 1))} ends with \\n alone — every RESP line ends with \\r\\n`,
      "write \\r\\n (carriage return + newline) after each line, not just \\n",
    );
  }
  return { text: buf.subarray(at + 1, nl - 1).toString("utf8"), next: nl + 1 };
}

function parseIntStrict(text: string, what: string): number {
  if (!/^-?\d+$/.test(text)) throw new ProtocolError(`invalid RESP: ${what} ${JSON.stringify(text)} is not an integer`);
  return Number(text);
}

function decodeAt(buf: Buffer, at: number, depth: number): { value: RespValue; next: number } | undefined {
  if (at >= buf.length) return undefined;
  if (depth > 32) throw new ProtocolError("invalid RESP: arrays nested more than 32 deep");
  const t = String.fromCharCode(buf[at] as number);
  if (!"+-:$*".includes(t)) {
    throw new ProtocolError(
      `invalid RESP: a reply must start with + - : $ or *, got ${show(buf.subarray(at, at + 40))}`,
      "a simple reply looks like +OK\\r\\n; a string value like $5\\r\\nhello\\r\\n",
    );
  }
  const line = headerLine(buf, at);
  if (!line) return undefined;
  switch (t) {
    case "+":
      return { value: { type: "simple", value: line.text }, next: line.next };
    case "-":
      return { value: { type: "error", value: line.text }, next: line.next };
    case ":":
      return { value: { type: "integer", value: parseIntStrict(line.text, "integer") }, next: line.next };
    case "$": {
      const len = parseIntStrict(line.text, "bulk string length");
      if (len === -1) return { value: { type: "bulk", value: null }, next: line.next };
      if (len < 0) throw new ProtocolError(`invalid RESP: bulk string length ${len}`);
      const end = line.next + len;
      if (buf.length < end + 2) return undefined;
      if (buf[end] !== 0x0d || buf[end + 1] !== 0x0a) {
        throw new ProtocolError(
          `invalid RESP: bulk string $${len} must be followed by exactly ${len} bytes and \\r\\n, got ${show(
            buf.subarray(line.next, Math.min(buf.length, end + 8)),
          )}`,
          "the number after $ is the length in bytes of the payload (not counting the \\r\\n)",
        );
      }
      return { value: { type: "bulk", value: buf.subarray(line.next, end).toString("utf8") }, next: end + 2 };
    }
    default: {
      const n = parseIntStrict(line.text, "array length");
      if (n === -1) return { value: { type: "array", value: null }, next: line.next };
      if (n < 0) throw new ProtocolError(`invalid RESP: array length ${n}`);
      const items: RespValue[] = [];
      let next = line.next;
      for (let i = 0; i < n; i++) {
        const item = decodeAt(buf, next, depth + 1);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: { type: "array", value: items }, next };
    }
  }
}

/** A Parser for ByteReader: one complete RESP value, strict framing. */
export const respParser: Parser<RespValue> = (buf) => {
  const got = decodeAt(buf, 0, 0);
  return got ? { value: got.value, used: got.next } : undefined;
};

export const resp = {
  simple: (value: string): RespValue => ({ type: "simple", value }),
  error: (value: string): RespValue => ({ type: "error", value }),
  integer: (value: number): RespValue => ({ type: "integer", value }),
  bulk: (value: string | null): RespValue => ({ type: "bulk", value }),
  nullBulk: (): RespValue => ({ type: "bulk", value: null }),
  array: (value: RespValue[] | null): RespValue => ({ type: "array", value }),
  nullArray: (): RespValue => ({ type: "array", value: null }),
  /** A command as clients send it: an array of bulk strings. */
  command: (args: readonly string[]): RespValue => ({
    type: "array",
    value: args.map((a) => ({ type: "bulk", value: a }) as RespValue),
  }),
  encode,
  /** Decodes one value from the start of `buf`: undefined when incomplete; throws ProtocolError. */
  decode: (buf: Buffer): { value: RespValue; used: number } | undefined => respParser(buf, false),
  /** `simple string +PONG`, `bulk string $4 PONG`, … */
  describe: describeResp,
  is: isRespValue,
  parser: respParser,
};
