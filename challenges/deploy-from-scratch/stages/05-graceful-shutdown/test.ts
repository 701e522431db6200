// Stage (graceful shutdown): on SIGTERM the server stops accepting, closes idle keep-alive
// connections, finishes the request in flight (its body still arriving), and exits with code 0.
import { defineStage, fail, isStageFailure } from "@bsod/harness";
import { expectFile, expectStatus, send } from "../../lib/checks.ts";
import { closeDialed, dial } from "../../lib/clients.ts";
import { closes, readResponse, request } from "../../lib/http.ts";
import { buildSite, connect, startServer } from "../../lib/site.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default defineStage({
  slug: "graceful-shutdown",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx);
    const server = await startServer(ctx, site);
    const idle = await connect(ctx);
    expectFile(await send(ctx, idle, request("GET", "/index.html")), site.get("/index.html"), "GET /index.html");
    log.info("this connection now stays idle (kept alive)");

    const body = Buffer.from(random.words(300).join(" "));
    const half = Math.floor(body.length / 2);
    const busy = await connect(ctx);
    log.step(`POST /echo with a ${body.length}-byte body: the head and ${half} bytes now, the rest later`);
    await busy.write(
      request("POST", "/echo", { "Content-Type": "text/plain" }, body).subarray(0, -(body.length - half)),
    );
    await sleep(200);

    log.step("$ kill -TERM <your program>");
    server.kill("SIGTERM");
    await sleep(300);

    log.step("a new connection, 300 ms after SIGTERM");
    const late = await dial(ctx).catch((e: NodeJS.ErrnoException) => e);
    if (!(late instanceof Error)) {
      late.close();
      fail(
        "300 ms after SIGTERM your program still accepted a new connection",
        "on SIGTERM, first close the listening socket: new clients then go to another instance (or get refused) instead of to a server about to exit",
      );
    }
    log.pass(`refused (${late.code ?? late.message})`);

    log.step("the idle keep-alive connection");
    const idleEnd = await closes(idle, 2_000);
    if (!idleEnd.closed)
      fail(
        "an idle keep-alive connection was still open 2.3 s after SIGTERM",
        "on SIGTERM close the connections that are waiting for a request; only requests in flight get to finish",
      );
    log.pass("closed by the server");

    log.step(`the request in flight sends the other ${body.length - half} bytes of its body`);
    await busy.write(body.subarray(half));
    const res = await readResponse(busy, "POST", "POST /echo (in flight when SIGTERM came)", {
      closedHint:
        "a request that had started must be finished after SIGTERM: catch the signal, stop accepting, and exit only when the requests in flight are answered",
    }).catch((e) => {
      if (isStageFailure(e) && !server.running)
        fail(
          "your program exited before answering the request in flight",
          "the default action of SIGTERM kills the process at once: install a handler (signal.Notify, signal(), add_signal_handler, process.on('SIGTERM')) that drains first",
        );
      throw e;
    });
    expectStatus(res, [200], "POST /echo in flight during shutdown");
    if (!res.body.equals(body))
      fail(`the request in flight got ${res.body.length} bytes back instead of ${body.length}`);
    log.pass("the request in flight was answered in full");

    const exit = await server.wait({ timeoutMs: 5_000 });
    if (exit.signal)
      fail(
        `your program was killed by ${exit.signal} instead of exiting`,
        "handle SIGTERM: finish what is in flight, then exit with code 0",
      );
    if (exit.exitCode !== 0)
      fail(
        `after SIGTERM your program exited with code ${exit.exitCode}`,
        "a clean shutdown exits with code 0 (orchestrators read anything else as a crash)",
      );
    log.pass("your program exited with code 0");
    closeDialed();
  },
});
