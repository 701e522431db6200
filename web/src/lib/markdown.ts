// Stage READMEs: markdown with highlighted code. Raw HTML in the markdown is shown as text, and
// links and images keep only http(s), mailto and same-site targets (no javascript:, data:, …).
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import plaintext from "highlight.js/lib/languages/plaintext";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import typescript from "highlight.js/lib/languages/typescript";
import x86asm from "highlight.js/lib/languages/x86asm";
import yaml from "highlight.js/lib/languages/yaml";
import { Marked } from "marked";

for (const [name, lang] of Object.entries({
  bash,
  c,
  cpp,
  go,
  javascript,
  json,
  plaintext,
  python,
  rust,
  typescript,
  x86asm,
  yaml,
})) {
  hljs.registerLanguage(name, lang);
}
hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
hljs.registerAliases(["asm", "nasm"], { languageName: "x86asm" });
hljs.registerAliases(["text", "txt"], { languageName: "plaintext" });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The href itself if it is safe to follow: http(s) or mailto, or relative to this site (a path,
 * a fragment, a query). Anything else — javascript:, data:, vbscript:, file:, a scheme hidden behind
 * control characters — is undefined. Browsers drop tabs and newlines inside a scheme and ignore
 * leading control characters and spaces, so those are removed before looking; entities cannot
 * hide one, as the href is written escaped.
 */
export function safeHref(href: string): string | undefined {
  const bare = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (/^(https?:|mailto:)/i.test(bare)) return href;
  // A scheme is letters, digits, + - . before the first ':' that comes before any / ? #.
  if (/^[a-z][a-z0-9+.-]*:/i.test(bare)) return undefined;
  return href;
}

/** `shift`: how many levels README headings move down (the page's own h1 sits above them). */
const makeMarked = (shift: number) =>
  new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }) {
        const language = lang?.split(/\s/)[0] ?? "";
        const html = hljs.getLanguage(language) ? hljs.highlight(text, { language }).value : escapeHtml(text);
        return `<pre class="code"><code class="hljs${language ? ` language-${escapeHtml(language)}` : ""}">${html}</code></pre>`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        const safe = safeHref(href);
        if (safe === undefined) return text;
        const t = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(safe)}"${t}>${text}</a>`;
      },
      image({ href, title, text }) {
        const safe = safeHref(href);
        if (safe === undefined) return escapeHtml(text);
        const t = title ? ` title="${escapeHtml(title)}"` : "";
        return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}"${t}>`;
      },
      heading({ tokens, depth }) {
        const level = Math.min(depth + shift, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
    },
  });

const asIs = makeMarked(0);
const shifted = makeMarked(1);

/**
 * Renders README markdown. With dropTitle a leading "# Title" line is dropped (the page shows
 * the title as its h1) and "##" stays h2; otherwise every heading moves one level down.
 */
export function renderMarkdown(md: string, opts: { dropTitle?: boolean } = {}): string {
  const title = /^\s*#\s[^\n]*\n/;
  if (opts.dropTitle && title.test(md)) return asIs.parse(md.replace(title, ""), { async: false }) as string;
  return shifted.parse(md, { async: false }) as string;
}
