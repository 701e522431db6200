import { useMemo } from "react";
import { renderMarkdown } from "../lib/markdown.ts";
import "./markdown.css";

/** Rendered README markdown (raw HTML in the source is escaped by the renderer). */
export function Markdown({ source, dropTitle = true }: { source: string; dropTitle?: boolean }) {
  const html = useMemo(() => renderMarkdown(source, { dropTitle }), [source, dropTitle]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: marked output with raw HTML escaped (lib/markdown.ts)
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
