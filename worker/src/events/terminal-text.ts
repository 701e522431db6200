// Program output reaches organizers' and participants' terminals (`remote:` lines, `bsod logs`)
// and browsers. Before it is stored, everything that could act on a terminal other than colour
// is neutralised: SGR colour sequences stay; other escape sequences (cursor moves, erasing,
// OSC 52 clipboard writes, OSC 8 links, title changes, device queries) are dropped; control
// characters that move the cursor or cut a line (\r, \b, NUL, …) are shown as visible symbols,
// so no line can overwrite the prefix it was given or pretend to be the platform's own.
import type { NewRunEvent, RunResult } from "@bsod/contracts";

/** SGR (colours, bold…): ESC [ params m, params only digits and ; (a bounded length). */
const SGR = /\x1b\[[0-9;]{0,32}m/y;
/** Any CSI: ESC [ parameter bytes, intermediate bytes, one final byte. */
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]?/y;
/** OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \\), or to the end when unterminated. */
const STRING_SEQ = /\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?/y;
/** Any other escape: ESC, optional intermediates, one final byte. */
const OTHER_ESC = /\x1b[ -/]*[0-~]?/y;
/** Text direction overrides and isolates, which reorder what is shown. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

const PICTURE_BASE = 0x2400; // U+2400 SYMBOL FOR NULL … U+241F SYMBOL FOR UNIT SEPARATOR

function visible(code: number): string {
  if (code < 0x20) return String.fromCharCode(PICTURE_BASE + code);
  if (code === 0x7f) return "\u2421"; // SYMBOL FOR DELETE
  return "\ufffd"; // C1 controls (8-bit CSI, OSC…): not text
}

function at(re: RegExp, text: string, i: number): string | undefined {
  re.lastIndex = i;
  return re.exec(text)?.[0];
}

/** The line with SGR colours kept and every other terminal control neutralised. */
export function neutralize(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x1b) {
      const sgr = at(SGR, text, i);
      if (sgr) out += sgr;
      i += (sgr ?? at(CSI, text, i) ?? at(STRING_SEQ, text, i) ?? at(OTHER_ESC, text, i) ?? "\x1b").length;
      continue;
    }
    if (ch === 0x09) out += "\t";
    else if (ch < 0x20 || ch === 0x7f || (ch >= 0x80 && ch <= 0x9f)) out += visible(ch);
    else out += text[i];
    i++;
  }
  return out.replace(BIDI, "");
}

/** An event as it may be stored: log lines and failure messages neutralised. */
export function neutralizeEvent(event: NewRunEvent): NewRunEvent {
  switch (event.type) {
    case "build.log":
    case "stage.log":
      return { ...event, line: neutralize(event.line) };
    case "stage.failed":
      return {
        ...event,
        message: event.message.split("\n").map(neutralize).join("\n"),
        ...(event.hint !== undefined ? { hint: neutralize(event.hint) } : {}),
      };
    case "build.finished":
      return event.message !== undefined ? { ...event, message: neutralize(event.message) } : event;
    case "run.finished":
      return { ...event, result: neutralizeResult(event.result) };
    default:
      return event;
  }
}

/** A result as it may be stored: each stage's message and hint neutralised. */
export function neutralizeResult(result: RunResult): RunResult {
  return {
    ...result,
    stages: result.stages.map((s) => ({
      ...s,
      ...(s.message !== undefined ? { message: s.message.split("\n").map(neutralize).join("\n") } : {}),
      ...(s.hint !== undefined ? { hint: neutralize(s.hint) } : {}),
    })),
  };
}
