// Stage 2: persistent connections. Several requests on one connection, a pipeline answered in
// order, a request cut into pieces, POST /echo with Content-Length and chunked bodies (also
// pipelined), Connection: close and HTTP/1.0, and 400 for malformed requests.
import type { Connection, StageContext } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { expectFile, expectStatus, send } from "../../lib/checks.ts";
import { chunked, closes, type Response, readResponse, request, shown } from "../../lib/http.ts";
import { buildSite, connect, type Site, startServer } from "../../lib/site.ts";

const PERSISTENT =
  "HTTP/1.1 connections are persistent: after a response, read the next request on the same connection (close only on Connection: close, HTTP/1.0, or an error)";

/** Which file of the site a body is, for messages about order. */
function whichFile(site: Site, body: Buffer): string | undefined {
  for (const f of site.files.values()) if (f.body.equals(body)) return f.url;
  return undefined;
}

async function pipeline(ctx: StageContext, conn: Connection, site: Site, urls: string[]): Promise<void> {
  const reqs = urls.map((u, i) => request(i === 1 ? "HEAD" : "GET", u));
  ctx.log.step(
    `pipeline of ${urls.length} requests in one write: ${urls.map((u, i) => `${i === 1 ? "HEAD" : "GET"} ${u}`).join(", ")}`,
  );
  await conn.write(Buffer.concat(reqs));
  for (const [i, url] of urls.entries()) {
    const method = i === 1 ? "HEAD" : "GET";
    const what = `${method} ${url} (request ${i + 1} of the pipeline)`;
    const res = await readResponse(conn, method, what, { closedHint: PERSISTENT });
    ctx.log.info(`  ← ${i + 1}: ${res.status} ${res.reason}, ${res.body.length} bytes`);
    const file = site.get(url);
    if (method === "GET" && !res.body.equals(file.body)) {
      const other = whichFile(site, res.body);
      const j = other ? urls.indexOf(other) : -1;
      if (j > i)
        fail(
          `request ${j + 1} of the pipeline answered before request ${i + 1}: the response read for ${url} is ${other}`,
          "answer pipelined requests one after the other, in the order they arrived",
        );
      if (other === undefined && res.body.length > file.body.length)
        fail(`${what}: the body is longer than the file (${res.body.length} bytes instead of ${file.body.length})`);
    }
    if (method === "HEAD") {
      expectStatus(res, [200], what);
      if (res.headers["content-length"] !== String(file.body.length))
        fail(
          `${what}: Content-Length ${res.headers["content-length"] ?? "missing"}, the file has ${file.body.length} bytes`,
        );
    } else expectFile(res, file, what);
  }
}

async function echo(ctx: StageContext, conn: Connection, body: Buffer, req: Buffer, what: string): Promise<Response> {
  const res = await send(ctx, conn, req, what, { closedHint: PERSISTENT });
  expectStatus(res, [200], what, "POST /echo answers 200 with the request's body as its body");
  if (!res.body.equals(body))
    fail(
      `${what}: /echo sent back ${res.body.length} bytes (${shown(res.body, 60)}), the request body was ${body.length} bytes (${shown(body, 60)})`,
      req.includes("chunked")
        ? "Transfer-Encoding: chunked: read <hex size>\\r\\n, that many bytes, \\r\\n, until the 0-size chunk, then the trailer lines and an empty line"
        : "read exactly Content-Length bytes of body after the head: no more (they are the next request), no less",
    );
  return res;
}

export default defineStage({
  slug: "keep-alive",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx);
    await startServer(ctx, site);
    const conn = await connect(ctx);
    log.info("one connection for everything below, unless said otherwise");

    for (const url of ["/index.html", "/style.css", "/data.json"]) {
      const res = await send(ctx, conn, request("GET", url), undefined, {
        closedHint: `your server closed the connection after a response. ${PERSISTENT}`,
      });
      expectFile(res, site.get(url), `GET ${url}`);
      if (res.headers.connection?.toLowerCase() === "close")
        fail(`GET ${url}: the response says Connection: close to a request that did not ask for it`, PERSISTENT);
      if (url === "/index.html" && (await closes(conn, 200)).closed)
        fail("your server closed the connection after the first response", PERSISTENT);
    }
    log.pass("three requests, one after the other, on one connection");

    await pipeline(
      ctx,
      conn,
      site,
      random.shuffle(["/app.js", "/notes.txt", "/image.png", "/logo.svg", "/docs/guide.txt"]),
    );
    log.pass("a pipeline answered in order");

    log.step("GET /style.css written in 3 pieces, 100 ms apart");
    const split = request("GET", "/style.css", { "User-Agent": "bsod-slow/1.0" });
    const cuts = [5, 23];
    await conn.write(split.subarray(0, cuts[0]));
    await new Promise((r) => setTimeout(r, 100));
    await conn.write(split.subarray(cuts[0], cuts[1]));
    await new Promise((r) => setTimeout(r, 100));
    await conn.write(split.subarray(cuts[1]));
    const piecewise = await readResponse(conn, "GET", "GET /style.css (sent in pieces)", { closedHint: PERSISTENT });
    expectFile(piecewise, site.get("/style.css"), "GET /style.css (sent in 3 pieces)");
    log.pass("a request that arrives in pieces");

    const text = Buffer.from(`${random.words(6).join(" ")} — ünïcödé\n`);
    await echo(
      ctx,
      conn,
      text,
      request("POST", "/echo", { "Content-Type": "text/plain; charset=utf-8" }, text),
      "POST /echo (Content-Length)",
    );
    const pieces = [random.words(3).join(" "), "", `${random.string(40)}\r\n`, random.words(2).join("-")].filter(
      (p) => p !== "",
    );
    const body = Buffer.from(pieces.join(""));
    const chunkedReq = Buffer.concat([
      request("POST", "/echo", { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" }),
      chunked(pieces, "X-Checksum: none\r\n"),
    ]);
    await echo(ctx, conn, body, chunkedReq, "POST /echo (Transfer-Encoding: chunked, a trailer)");
    log.step("POST /echo and GET /notes.txt pipelined in one write");
    const small = Buffer.from(random.words(4).join(" "));
    await conn.write(Buffer.concat([request("POST", "/echo", {}, small), request("GET", "/notes.txt")]));
    const r1 = await readResponse(conn, "POST", "POST /echo (pipelined)", { closedHint: PERSISTENT });
    if (!r1.body.equals(small))
      fail(
        `POST /echo (pipelined): sent back ${shown(r1.body, 60)} instead of ${shown(small, 60)}`,
        "the body ends after Content-Length bytes; what follows is the next request",
      );
    const r2 = await readResponse(conn, "GET", "GET /notes.txt (after a POST with a body)", { closedHint: PERSISTENT });
    expectFile(r2, site.get("/notes.txt"), "GET /notes.txt (after a POST with a body, in the same write)");
    log.pass("request bodies: Content-Length, chunked, pipelined");

    const last = await send(
      ctx,
      conn,
      request("GET", "/index.html", { Connection: "close" }),
      "GET /index.html with Connection: close",
    );
    expectFile(last, site.get("/index.html"), "GET /index.html (Connection: close)");
    const end = await closes(conn, 2_000);
    if (!end.closed)
      fail(
        "after answering a request with Connection: close, the connection stayed open for 2 s",
        "Connection: close means: send this response, then close the connection",
      );
    log.pass("Connection: close closes the connection after the response");

    const old = await connect(ctx);
    const v10 = await send(
      ctx,
      old,
      Buffer.from("GET /style.css HTTP/1.0\r\n\r\n"),
      "GET /style.css HTTP/1.0 (no Host, no keep-alive)",
    );
    expectFile(v10, site.get("/style.css"), "GET /style.css HTTP/1.0");
    if (!(await closes(old, 2_000)).closed)
      fail(
        "an HTTP/1.0 request without Connection: keep-alive was answered, but the connection stayed open for 2 s",
        "HTTP/1.0 connections close after one response unless the client sends Connection: keep-alive",
      );
    old.close();

    const malformed: Array<[string, Buffer, string]> = [
      [
        "a request line that is not HTTP",
        Buffer.from("HELLO THERE\r\n\r\n"),
        "a request line is METHOD SP target SP HTTP/1.1",
      ],
      [
        "an HTTP/1.1 request without Host",
        Buffer.from("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
        "RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without a Host header",
      ],
      [
        "a header line without a colon",
        Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n"),
        "every header line is Name: value",
      ],
      [
        "a Content-Length that is not a number",
        Buffer.from("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"),
        "Content-Length is a decimal number of bytes; anything else is 400",
      ],
    ];
    for (const [what, bytes, hint] of malformed) {
      const c = await connect(ctx);
      const res = await send(ctx, c, bytes, `${what}: ${shown(bytes, 70)}`);
      expectStatus(res, [400], what, hint);
      c.close();
    }
    log.pass("400 Bad Request for malformed requests");
  },
});
