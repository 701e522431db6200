// The built web app as a browser gets it: hashed assets compressed and cached for a year,
// index.html (and every client-side route) revalidated on each load, ETags answered with 304.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/app-env.ts";
import { webRoutes } from "../../src/routes/web.ts";

let dist: string;
let app: Hono<AppEnv>;
const js = `export const board = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ rank: i + 1, name: `p${i}` })))};\n`;

beforeAll(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-dist-"));
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), `<!doctype html><title>bsod</title>${"<!-- pad -->".repeat(200)}`);
  fs.writeFileSync(path.join(dist, "assets/index-Ab3dE_9z.js"), js);
  fs.writeFileSync(path.join(dist, "logo.svg"), "<svg/>");
  app = new Hono<AppEnv>();
  app.route("/", webRoutes(dist));
});
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

describe("serving the web app", () => {
  it("sends a hashed asset compressed as accepted, immutable for a year", async () => {
    const br = await app.request("/assets/index-Ab3dE_9z.js", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(br.headers.get("vary")).toBe("accept-encoding");
    expect(br.headers.get("content-type")).toMatch(/^text\/javascript/);
    const packed = Buffer.from(await br.arrayBuffer());
    expect(packed.length).toBeLessThan(js.length / 4);
    expect(zlib.brotliDecompressSync(packed).toString()).toBe(js);

    const gz = await app.request("/assets/index-Ab3dE_9z.js", { headers: { "accept-encoding": "gzip, br;q=0" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(js);

    const plain = await app.request("/assets/index-Ab3dE_9z.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(js);
  });

  it("revalidates index.html and client-side routes, and answers a matching ETag with 304", async () => {
    for (const route of ["/", "/index.html", "/jams/hello-demo/tv"]) {
      const res = await app.request(route, { headers: { "accept-encoding": "br" } });
      expect(res.status, route).toBe(200);
      expect(res.headers.get("cache-control"), route).toBe("no-cache");
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("content-encoding")).toBe("br");
    }
    const first = await app.request("/");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request("/", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // A file without a hash in its name is revalidated too; a tiny one is not worth compressing.
    const logo = await app.request("/logo.svg", { headers: { "accept-encoding": "br" } });
    expect(logo.headers.get("cache-control")).toBe("no-cache");
    expect(logo.headers.get("content-encoding")).toBeNull();
  });

  it("serves what changed after a rebuild, not a stale copy", async () => {
    const file = path.join(dist, "index.html");
    const before = await (await app.request("/")).text();
    fs.writeFileSync(file, `${before}<!-- rebuilt -->`);
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await (await app.request("/")).text()).toMatch(/rebuilt/);
  });
});
