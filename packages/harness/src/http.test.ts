import { describe, it, expect as vexpect } from "vitest";
import { freePort, program, runOne } from "../test/helpers.ts";
import { httpResponseParser } from "./http.ts";
import { ProtocolError } from "./reader.ts";
import { defineStage } from "./stage.ts";

function getStage(port: number, mode: string) {
  return defineStage({
    slug: "http-get",
    async run({ program, expect }) {
      await program.start([String(port), mode]);
      const c = await program.connect(port);
      const r = await c.request({ path: "/hello" });
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(r.body)).toEqual({ path: "/hello" });
    },
  });
}

describe("HTTP/1.1 client", () => {
  it("reads a well-formed response", async () => {
    const port = await freePort();
    vexpect((await runOne(getStage(port, "http"), program("server.mjs"))).outcome.status).toBe("passed");
  });

  it("fails a response whose lines end in \\n alone", async () => {
    const port = await freePort();
    const ran = await runOne(getStage(port, "http-lf"), program("server.mjs"));
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.outcome.message).toMatch(
      /^invalid HTTP: the response head "HTTP\/1.1 200 OK\\n.*separates lines with \\n alone/,
    );
    vexpect(ran.outcome.hint).toContain("\\r\\n");
  });

  it("parses chunked bodies and waits for the whole body", () => {
    const parse = httpResponseParser();
    const full = Buffer.from(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    );
    vexpect(parse(full.subarray(0, 50), false)).toBeUndefined();
    vexpect(parse(full, false)?.value.body).toBe("hello world");
    const short = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    vexpect(parse(short, false)).toBeUndefined();
    vexpect(() => parse(short, true)).toThrow(ProtocolError);
    vexpect(() => parse(Buffer.from("HTTP/2 200\r\n\r\n"), false)).toThrow(/status line "HTTP\/2 200"/);
  });
});
