// Stage 1: a static file server on port 8080. Every file of a generated site comes back whole,
// with its Content-Type and Content-Length; directories serve their index.html; a missing file
// is 404; HEAD has the headers and no body; and no path leaves the served directory.
import { defineStage, fail } from "@bsod/harness";
import { expectFile, expectFramed, expectStatus, fetchOnce } from "../../lib/checks.ts";
import { extraBytes, readResponse, request, shown } from "../../lib/http.ts";
import { buildSite, connect, startServer } from "../../lib/site.ts";

/** Paths that try to leave the directory: dot segments raw and encoded, and symlinks out. */
const ESCAPES = [
  "/../secret.txt",
  "/docs/../../secret.txt",
  "/%2e%2e/secret.txt",
  "/%2E%2E%2Fsecret.txt",
  "/docs/..%2f..%2fsecret.txt",
  "/escape.txt",
  "/up/secret.txt",
];

export default defineStage({
  slug: "serve-directory",
  async run(ctx) {
    const { log } = ctx;
    const site = buildSite(ctx);
    await startServer(ctx, site);
    log.step("connecting to 127.0.0.1:8080 (retrying for up to 8 s while your program starts)");
    (await connect(ctx)).close();
    log.pass("your program listens on port 8080");

    for (const url of ["/index.html", "/style.css", "/app.js", "/data.json", "/notes.txt", "/logo.svg"]) {
      const res = await fetchOnce(ctx, request("GET", url));
      expectFile(res, site.get(url), `GET ${url}`);
    }
    for (const url of ["/image.png", "/blob.bin"]) {
      const res = await fetchOnce(ctx, request("GET", url));
      expectFile(res, site.get(url), `GET ${url}`);
    }
    log.pass("every file came back byte for byte with its Content-Type");

    const index = site.get("/index.html");
    expectFile(await fetchOnce(ctx, request("GET", "/")), index, "GET / (the directory's index.html)");
    expectFile(await fetchOnce(ctx, request("GET", "/docs/")), site.get("/docs/index.html"), "GET /docs/");
    const bare = await fetchOnce(ctx, request("GET", "/docs"));
    if (bare.status >= 300 && bare.status < 400) {
      const location = bare.headers.location ?? "";
      if (!location.endsWith("/docs/"))
        fail(
          `GET /docs: a redirect must point at /docs/, got Location ${JSON.stringify(location)}`,
          "redirect a directory without its slash to the same path with a slash (Location: /docs/)",
        );
    } else expectFile(bare, site.get("/docs/index.html"), "GET /docs (a directory without its slash)");
    expectFile(
      await fetchOnce(ctx, request("GET", "/hello%20world.txt")),
      site.get("/hello%20world.txt"),
      "GET /hello%20world.txt",
    );
    expectFile(await fetchOnce(ctx, request("GET", "/notes.txt?v=3")), site.get("/notes.txt"), "GET /notes.txt?v=3");
    log.pass("directories, %-escapes and query strings");

    const missing = await fetchOnce(ctx, request("GET", "/nope.html"));
    expectStatus(missing, [404], "GET /nope.html (no such file)");
    expectFramed(missing, "GET /nope.html");

    log.step("HEAD /style.css");
    const conn = await connect(ctx);
    await conn.write(request("HEAD", "/style.css"));
    const head = await readResponse(conn, "HEAD", "HEAD /style.css");
    log.info(`  ← ${head.status} ${head.reason}, Content-Length ${head.headers["content-length"] ?? "(none)"}`);
    expectStatus(head, [200], "HEAD /style.css");
    const css = site.get("/style.css");
    if (head.headers["content-length"] !== String(css.body.length))
      fail(
        `HEAD /style.css: Content-Length ${head.headers["content-length"] ?? "is missing"}; a GET would send ${css.body.length} bytes`,
        "HEAD answers with exactly the headers GET would send, Content-Length included, and no body",
      );
    const after = await extraBytes(conn, 300);
    conn.close();
    if (after.length > 0)
      fail(
        `HEAD /style.css: ${after.length} bytes came after the head (${shown(after, 60)})`,
        "a response to HEAD has no body, even though its Content-Length says how long the body would be",
      );
    log.pass("404 for a missing file; HEAD sends the headers only");

    const del = await fetchOnce(ctx, request("DELETE", "/index.html"));
    expectStatus(
      del,
      [405, 501],
      "DELETE /index.html",
      "a static server answers methods it does not support with 405 Method Not Allowed (with an Allow header) or 501",
    );
    expectFramed(del, "DELETE /index.html");

    for (const path of ESCAPES) {
      const res = await fetchOnce(ctx, request("GET", path));
      if (res.body.toString("latin1").includes(site.secret.trim()))
        fail(
          `GET ${path} served ${path.includes("escape") || path.includes("up/") ? "a file a symlink points to outside" : "a file from outside"} --directory (the secret in ${site.root}/../secret.txt)`,
          path.includes("escape") || path.includes("up/")
            ? "resolve the real path of the file (realpath, following symlinks) and refuse it unless it is still inside the directory"
            : "decode %XX first, then resolve . and .. segments; refuse any path that ends up outside the directory",
        );
      expectStatus(
        res,
        [400, 403, 404],
        `GET ${path}`,
        "answer a path that leaves the directory with 404 (or 403/400)",
      );
    }
    log.pass(`none of ${ESCAPES.length} escapes (.., %2e%2e, symlinks) left the directory`);
  },
});
