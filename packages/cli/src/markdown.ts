// A stage's README.md as a terminal shows it: headings in bold, code in colour and indented,
// lists with bullets, links with their address, and no Markdown punctuation left over.
import { Lexer, type Token, type Tokens } from "marked";
import { pc } from "./output.ts";

function inline(tokens: Token[] | undefined): string {
  if (!tokens) return "";
  return tokens
    .map((t) => {
      switch (t.type) {
        case "strong":
          return pc.bold(inline((t as Tokens.Strong).tokens));
        case "em":
          return pc.italic(inline((t as Tokens.Em).tokens));
        case "del":
          return pc.strikethrough(inline((t as Tokens.Del).tokens));
        case "codespan":
          return pc.cyan(decode((t as Tokens.Codespan).text));
        case "link": {
          const l = t as Tokens.Link;
          const text = inline(l.tokens);
          return l.href === text || l.href.startsWith("#")
            ? pc.underline(text)
            : `${pc.underline(text)} ${pc.dim(`(${l.href})`)}`;
        }
        case "image":
          return pc.dim(`[image: ${(t as Tokens.Image).text}]`);
        case "br":
          return "\n";
        case "escape":
          return (t as Tokens.Escape).text;
        case "text": {
          const x = t as Tokens.Text;
          return x.tokens ? inline(x.tokens) : decode(x.text);
        }
        case "html":
          return "";
        default:
          return decode((t as { raw: string }).raw);
      }
    })
    .join("");
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

const indent = (text: string, by: string) =>
  text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");

function block(tokens: Token[], out: string[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case "heading": {
        const h = t as Tokens.Heading;
        const text = inline(h.tokens);
        out.push(h.depth <= 2 ? pc.bold(pc.underline(text)) : pc.bold(text), "");
        break;
      }
      case "paragraph":
        out.push(inline((t as Tokens.Paragraph).tokens), "");
        break;
      case "code":
        out.push(indent(pc.yellow((t as Tokens.Code).text), "    "), "");
        break;
      case "blockquote": {
        const inner: string[] = [];
        block((t as Tokens.Blockquote).tokens, inner);
        out.push(indent(inner.join("\n").trimEnd(), pc.dim("│ ")), "");
        break;
      }
      case "list": {
        const l = t as Tokens.List;
        l.items.forEach((item, i) => {
          const inner: string[] = [];
          block(item.tokens, inner);
          const marker = l.ordered ? `${Number(l.start || 1) + i}.` : "•";
          const body = inner.join("\n").replace(/\n+$/, "").replace(/\n\n/g, "\n");
          const [first = "", ...rest] = body.split("\n");
          out.push(`  ${marker} ${first}`, ...rest.map((r) => (r ? `${" ".repeat(marker.length + 3)}${r}` : r)));
        });
        out.push("");
        break;
      }
      case "table": {
        const tb = t as Tokens.Table;
        const rows = [tb.header.map((c) => inline(c.tokens)), ...tb.rows.map((r) => r.map((c) => inline(c.tokens)))];
        const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => plain(r[i] ?? "").length)));
        rows.forEach((r, ri) => {
          const line = r.map((v, i) => v + " ".repeat(widths[i]! - plain(v).length)).join("  ");
          out.push(`  ${ri === 0 ? pc.bold(line) : line}`);
        });
        out.push("");
        break;
      }
      case "hr":
        out.push(pc.dim("─".repeat(40)), "");
        break;
      case "text": {
        const x = t as Tokens.Text;
        out.push(x.tokens ? inline(x.tokens) : decode(x.text));
        break;
      }
      case "space":
      case "html":
        break;
      default:
        out.push((t as { raw: string }).raw);
    }
  }
}

export function renderMarkdown(markdown: string): string {
  const out: string[] = [];
  block(new Lexer().lex(markdown), out);
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
}
