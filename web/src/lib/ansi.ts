// Log lines with ANSI colours, as HTML (ansi_up escapes the text itself). Each line gets a parser
// of its own, so a sequence one line leaves open (an unterminated OSC, a colour) cannot blank or
// paint the lines after it, nor another run's log; no line renders a link (an OSC 8 link shows
// its text only).
import { AnsiUp } from "ansi_up";

const OSC8 = /\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\|$)/g;

export function ansiToHtml(line: string): string {
  const ansi = new AnsiUp();
  ansi.use_classes = true;
  ansi.url_allowlist = {};
  return ansi.ansi_to_html(line.replace(OSC8, ""));
}
