// How `npm start` prints a child's log line: a pino JSON record becomes one readable line that
// keeps its timestamp (ISO 8601, UTC), level and fields; anything else is printed as it came.
export function formatLogLine(name: string, line: string): string {
  let text = line;
  try {
    const rec = JSON.parse(line) as Record<string, unknown>;
    if (rec === null || typeof rec !== "object" || Array.isArray(rec)) throw new Error("not a record");
    const { level, time, pid: _p, hostname: _h, msg, ...rest } = rec;
    const lvl = typeof level === "number" ? (level >= 50 ? "ERROR " : level >= 40 ? "WARN " : "") : "";
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    const at = typeof time === "number" || typeof time === "string" ? new Date(time) : undefined;
    const stamp = at && !Number.isNaN(at.getTime()) ? `${at.toISOString()} ` : "";
    text = `${stamp}${lvl}${String(msg ?? "")} ${extra}`.trim();
  } catch {
    // not JSON: print as is
  }
  return `[${name}] ${text}`;
}
