// Stage READMEs are written by track authors, but a jam may run a track from anywhere: its
// markdown renders no link or image that runs script or leaves for a non-web scheme.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/lib/markdown.ts";

const hrefs = (html: string) => [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);

describe("markdown links", () => {
  it("drops javascript:, data: and other non-web targets, keeping the text", () => {
    const md = [
      "[a](javascript:alert(1))",
      "[b](JaVaScRiPt:alert(1))",
      "[c](java\tscript:alert(1))",
      "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[e](vbscript:msgbox)",
      "[f]( javascript:alert(1))",
      "[g](\u0001javascript:alert(1))",
      "<javascript:alert(1)>",
      "![h](javascript:alert(1))",
      "[i][ref]",
      "",
      "[ref]: javascript:alert(1)",
    ].join("\n\n");
    const html = renderMarkdown(md);
    for (const href of hrefs(html)) expect(href).not.toMatch(/^\W*(javascript|data|vbscript)/i);
    expect(html).not.toMatch(/(href|src)="[^"]*script:/i);
    expect(html).toContain(">a<");
    expect(html).not.toMatch(/<a [^>]*href="(?!https?:|mailto:|\/|#)/);
  });

  it("keeps http(s), mailto and same-site links", () => {
    const html = renderMarkdown(
      "[docs](https://example.org/x) [mail](mailto:jam@example.org) [stage](/jams/x/stages/y) [top](#intro)",
    );
    expect(hrefs(html)).toEqual(["https://example.org/x", "mailto:jam@example.org", "/jams/x/stages/y", "#intro"]);
  });

  it("escapes a link's href and title", () => {
    const html = renderMarkdown('[x](https://example.org/"onmouseover="alert(1) "t\\"itle")');
    expect(html).not.toMatch(/" onmouseover=|"onmouseover="/);
  });
});
