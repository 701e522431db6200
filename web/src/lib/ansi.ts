// Log lines with ANSI colours, as HTML (ansi_up escapes the text itself).
import { AnsiUp } from "ansi_up";

const ansi = new AnsiUp();
ansi.use_classes = true;

export const ansiToHtml = (line: string) => ansi.ansi_to_html(line);
