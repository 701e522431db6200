// Serves the built web app (web/dist) when present; otherwise a small live page per jam.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { policy } from "../http/route-policy.ts";
import { sendStatic } from "../http/static-files.ts";

const WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

const FALLBACK = (nonce: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>bsod</title>
<style nonce="${nonce}">body{font:16px system-ui,sans-serif;margin:2rem auto;max-width:50rem;padding:0 1rem;background:#0b1020;color:#e8ecf8}
table{width:100%;border-collapse:collapse}td,th{padding:.4rem;border-bottom:1px solid #26304d;text-align:left}a{color:#8ab4ff}</style>
</head><body><main><h1>bsod</h1><div id="jams">Loading jams…</div></main>
<script type="module" nonce="${nonce}">
const el = document.getElementById("jams");
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
async function render() {
  const { jams } = await (await fetch("/api/v1/jams")).json();
  let html = "";
  for (const j of jams) {
    const b = await (await fetch("/api/v1/jams/" + j.slug + "/leaderboard")).json();
    html += "<h2>" + esc(j.title) + "</h2><table><thead><tr><th>#</th><th>Participant</th><th>Stages</th></tr></thead><tbody>";
    for (const e of b.entries) html += "<tr><td>" + e.rank + "</td><td>" + esc(e.user.displayName) + "</td><td>" + e.stagesCompleted + "/" + b.stages.length + "</td></tr>";
    html += "</tbody></table>";
  }
  el.innerHTML = html || "No jams yet.";
}
render(); setInterval(render, 5000);
</script></body></html>`;

/** `dist` is the built web app (web/dist unless a test gives another). */
export function webRoutes(dist = WEB_DIST) {
  const app = new Hono<AppEnv>();
  app.get("*", policy({ access: "anyone" }), (c) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(c.req.path);
    } catch {
      throw new ApiError({ code: "bad_request", message: `path: ${c.req.path} is not valid percent-encoding` });
    }
    const hasDist = fs.existsSync(path.join(dist, "index.html"));
    if (!hasDist) return c.html(FALLBACK(c.var.secureHeadersNonce ?? ""));
    const rel = path.normalize(decoded).replace(/^(\.\.[/\\])+/, "");
    const root = path.resolve(dist) + path.sep;
    const file = path.join(root, rel);
    if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return sendStatic(c, file, path.relative(root, file));
    }
    // A client-side route: the app's index.html, revalidated on every load.
    return sendStatic(c, path.join(root, "index.html"), "index.html");
  });
  return app;
}
