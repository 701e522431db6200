// Copies a command to the clipboard and says so (for screen readers too).
import { useState } from "react";
import "./copy-button.css";

export function CopyButton({ text, label = "Copy", what }: { text: string; label?: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Insecure origins have no clipboard API: fall back to a hidden textarea.
      const ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.append(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" className="btn small" onClick={copy} aria-label={what ? `${label} ${what}` : undefined}>
      <span aria-live="polite">{copied ? "Copied ✓" : label}</span>
    </button>
  );
}

export function CommandBlock({ command, label }: { command: string; label: string }) {
  return (
    <div className="command">
      <pre>
        <code>{command}</code>
      </pre>
      <CopyButton text={command} what={label} />
    </div>
  );
}
