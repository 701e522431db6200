// Stage 3: caching validators and partial content (RFC 9110 §8.8, §13, §14). A static file's 200
// carries Date, Last-Modified and an ETag; If-None-Match / If-Modified-Since give 304; a changed
// file gets a new ETag; Range gives 206 with Content-Range, or 416; If-Range guards it.
import type { Connection, StageContext } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { expectFile, expectStatus, send } from "../../lib/checks.ts";
import { type Response, request, shown } from "../../lib/http.ts";
import { buildSite, connect, startServer } from "../../lib/site.ts";

const MTIME = new Date("2026-01-02T03:04:05Z");
const MTIME_HTTP = "Fri, 02 Jan 2026 03:04:05 GMT";
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

function expect304(res: Response, what: string, etag: string): void {
  expectStatus(res, [304], what, "the client already has this version: answer 304 Not Modified, with no body");
  if (res.headers.etag !== etag)
    fail(`${what}: a 304 must carry the same ETag as the 200 (${etag}), got ${res.headers.etag ?? "none"}`);
}

async function get(ctx: StageContext, conn: Connection, url: string, headers: Record<string, string>, label: string) {
  return send(ctx, conn, request("GET", url, headers), `GET ${url} with ${label}`);
}

export default defineStage({
  slug: "conditional-range",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx);
    const content = Buffer.from(`${random.words(40).join(" ")}\n`);
    const file = site.write("/article.txt", content, MTIME);
    await startServer(ctx, site);
    const conn = await connect(ctx);

    const first = await send(ctx, conn, request("GET", "/article.txt"));
    expectFile(first, file, "GET /article.txt");
    const etag = first.headers.etag;
    if (!etag)
      fail(
        "no ETag on a 200 for a static file",
        'send a validator that changes when the file does, e.g. ETag: "<mtime>-<size>" (quotes included)',
      );
    if (!/^(W\/)?"[\x21\x23-\x7e]*"$/.test(etag))
      fail(
        `ETag ${JSON.stringify(etag)} is not an entity tag`,
        'an entity tag is in double quotes: ETag: "5f3a-1c2" (W/"…" for a weak one)',
      );
    if (etag.startsWith("W/"))
      fail(
        `ETag ${etag} is weak`,
        "a static file's bytes are known exactly: use a strong ETag (no W/), which Range requests need",
      );
    const lm = first.headers["last-modified"];
    if (lm !== MTIME_HTTP)
      fail(
        `Last-Modified: expected ${MTIME_HTTP} (the file's modification time), got ${lm === undefined ? "none" : JSON.stringify(lm)}`,
        "format dates as IMF-fixdate in GMT, like Sun, 06 Nov 1994 08:49:37 GMT",
      );
    const date = first.headers.date;
    if (!date || !IMF_FIXDATE.test(date))
      fail(
        `Date: expected the current time as an IMF-fixdate, got ${date === undefined ? "none" : JSON.stringify(date)}`,
        "RFC 9110 §6.6.1: an origin server with a clock sends Date on every response",
      );
    log.pass(`validators: ETag ${etag}, Last-Modified ${lm}`);

    expect304(
      await get(ctx, conn, "/article.txt", { "If-None-Match": etag }, "If-None-Match: <its ETag>"),
      "If-None-Match with the current ETag",
      etag,
    );
    expect304(
      await get(
        ctx,
        conn,
        "/article.txt",
        { "If-None-Match": `"nope", ${etag}` },
        "If-None-Match: a list holding its ETag",
      ),
      "If-None-Match with a list of ETags",
      etag,
    );
    expect304(
      await get(ctx, conn, "/article.txt", { "If-None-Match": `W/${etag}` }, "If-None-Match: W/<its ETag>"),
      "If-None-Match with the weak form of the ETag",
      etag,
    );
    expect304(
      await get(ctx, conn, "/article.txt", { "If-None-Match": "*" }, "If-None-Match: *"),
      "If-None-Match: *",
      etag,
    );
    expectFile(
      await get(ctx, conn, "/article.txt", { "If-None-Match": '"some-other-version"' }, "If-None-Match: another ETag"),
      file,
      "If-None-Match with an ETag that does not match",
    );
    expect304(
      await get(ctx, conn, "/article.txt", { "If-Modified-Since": MTIME_HTTP }, "If-Modified-Since: <Last-Modified>"),
      "If-Modified-Since equal to Last-Modified",
      etag,
    );
    expectFile(
      await get(
        ctx,
        conn,
        "/article.txt",
        { "If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT" },
        "If-Modified-Since: a day earlier",
      ),
      file,
      "If-Modified-Since before the file changed",
    );
    expectFile(
      await get(
        ctx,
        conn,
        "/article.txt",
        { "If-None-Match": '"other"', "If-Modified-Since": MTIME_HTTP },
        "a non-matching If-None-Match and a matching If-Modified-Since",
      ),
      file,
      "If-None-Match that does not match, with If-Modified-Since",
    );
    log.pass("304 Not Modified when the client's copy is current (If-None-Match wins over If-Modified-Since)");

    const changed = Buffer.from(`${random.words(45).join(" ")} (edited)\n`);
    const edited = site.write("/article.txt", changed, new Date(MTIME.getTime() + 3600_000));
    log.info("the file is edited on disk (new content, an hour later)");
    const fresh = await get(ctx, conn, "/article.txt", { "If-None-Match": etag }, "If-None-Match: <the old ETag>");
    if (fresh.status === 304)
      fail(
        "the file changed on disk but If-None-Match with its old ETag still got 304",
        "derive the ETag from the file as it is now (its size and modification time, or a hash), on every request",
      );
    expectFile(fresh, edited, "GET /article.txt after the file changed");
    const etag2 = fresh.headers.etag ?? "";
    if (etag2 === etag)
      fail(`the file changed but its ETag is still ${etag}`, "the ETag must change whenever the file's content does");

    const n = changed.length;
    const ranges: Array<[string, number, number]> = [
      ["bytes=0-9", 0, 9],
      [`bytes=${n - 20}-`, n - 20, n - 1],
      ["bytes=-7", n - 7, n - 1],
      [`bytes=5-${n + 100}`, 5, n - 1],
    ];
    for (const [range, start, end] of ranges) {
      const res = await get(ctx, conn, "/article.txt", { Range: range }, `Range: ${range}`);
      const what = `Range: ${range} on a ${n}-byte file`;
      expectStatus(res, [206], what, "a satisfiable single range answers 206 Partial Content with only those bytes");
      const want = `bytes ${start}-${end}/${n}`;
      if (res.headers["content-range"] !== want)
        fail(
          `${what}: Content-Range: expected ${want}, got ${res.headers["content-range"] ?? "none"}`,
          "Content-Range: bytes <first>-<last>/<size>, both ends included (a suffix -7 means the last 7 bytes; an end past the file is clipped)",
        );
      const part = changed.subarray(start, end + 1);
      if (!res.body.equals(part))
        fail(
          `${what}: expected the ${part.length} bytes ${shown(part, 40)}, got ${res.body.length} bytes ${shown(res.body, 40)}`,
        );
    }
    const bad = await get(
      ctx,
      conn,
      "/article.txt",
      { Range: `bytes=${n + 10}-` },
      `Range: bytes=${n + 10}- (past the end)`,
    );
    expectStatus(
      bad,
      [416],
      `Range: bytes=${n + 10}- on a ${n}-byte file`,
      "a range that starts past the end is 416 Range Not Satisfiable",
    );
    if (bad.headers["content-range"] !== `bytes */${n}`)
      fail(
        `416: Content-Range: expected bytes */${n}, got ${bad.headers["content-range"] ?? "none"}`,
        "a 416 says the file's size as Content-Range: bytes */<size>",
      );
    expectFile(
      await get(ctx, conn, "/article.txt", { Range: "lines=1-2" }, "Range: lines=1-2 (unknown unit)"),
      edited,
      "a Range in an unknown unit (ignored)",
    );
    const ifRange = await get(
      ctx,
      conn,
      "/article.txt",
      { Range: "bytes=0-4", "If-Range": etag2 },
      "Range and If-Range: <the current ETag>",
    );
    expectStatus(ifRange, [206], "Range with If-Range matching the ETag");
    expectFile(
      await get(
        ctx,
        conn,
        "/article.txt",
        { Range: "bytes=0-4", "If-Range": etag },
        "Range and If-Range: <the old ETag>",
      ),
      edited,
      "Range with If-Range holding an old ETag (the whole new file instead)",
    );
    log.pass("206 Partial Content, 416 past the end, If-Range");

    const png = site.get("/image.png");
    const p = await get(ctx, conn, "/image.png", { Range: "bytes=8-15" }, "Range: bytes=8-15");
    expectStatus(p, [206], "Range on a binary file");
    if (!p.body.equals(png.body.subarray(8, 16)))
      fail(
        "Range: bytes=8-15 of /image.png: the bytes differ from the file's",
        "ranges count bytes of the file, read as bytes",
      );
    log.pass("ranges of a binary file");
  },
});
