// How values are shown to participants in failure messages: short, with invisible characters
// made visible, and pluggable so protocol values (RESP, HTTP) read the way the protocol reads.

export interface ValueFormatter {
  /** True when this formatter knows how to show the value. */
  test(value: unknown): boolean;
  /** A short description, e.g. `simple string +PONG`. */
  describe(value: unknown): string;
}

const formatters: ValueFormatter[] = [];

export function registerFormatter(formatter: ValueFormatter): void {
  if (!formatters.includes(formatter)) formatters.unshift(formatter);
}

const MAX_SHOWN = 300;

/** A string as a participant should see it: quoted, \n \r \t and control characters escaped. */
export function quote(s: string, max = MAX_SHOWN): string {
  const shown = s.length > max ? `${s.slice(0, max)}` : s;
  const escaped = JSON.stringify(shown);
  return s.length > max ? `${escaped}… (${s.length} characters)` : escaped;
}

export function describe(value: unknown): string {
  for (const f of formatters) if (f.test(value)) return f.describe(value);
  if (typeof value === "string") return quote(value);
  if (value instanceof Uint8Array) return `bytes ${quote(Buffer.from(value).toString("latin1"))}`;
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "undefined";
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (value instanceof RegExp) return String(value);
  try {
    const json = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    if (json === undefined) return String(value);
    return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}… (${json.length} characters)` : json;
  } catch {
    return String(value);
  }
}

/** A multi-line rendering used for diffs of objects and arrays. */
export function pretty(value: unknown): string {
  for (const f of formatters) if (f.test(value)) return f.describe(value);
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v), 2) ?? String(value);
  } catch {
    return String(value);
  }
}
