// The console stage's reference: how each number is printed, as C's printf would with
// "%d %u %x %08X %o [%8d] [%-8d]\n" (the unsigned conversions read the same 32 bits).
export const FORMAT = "%d %u %x %08X %o [%8d] [%-8d]";
export const FIELDS = ["%d", "%u", "%x", "%08X", "%o", "[%8d]", "[%-8d]"] as const;

export function fields(n: number): string[] {
  const u = n >>> 0;
  const d = String(n | 0);
  return [
    d,
    String(u),
    u.toString(16),
    u.toString(16).toUpperCase().padStart(8, "0"),
    u.toString(8),
    `[${d.padStart(8)}]`,
    `[${d.padEnd(8)}]`,
  ];
}

export function formatLine(n: number): string {
  return fields(n).join(" ");
}

/** Splits a line the kernel printed into the seven fields, or undefined when it has another shape. */
export function splitLine(line: string): string[] | undefined {
  const m = /^(\S+) (\S+) (\S+) (\S+) (\S+) (\[.*?\]) (\[.*\])$/.exec(line);
  return m ? m.slice(1) : undefined;
}
