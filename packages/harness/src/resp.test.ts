import fc from "fast-check";
import { describe, it, expect as vexpect } from "vitest";
import { freePort, program, runOne } from "../test/helpers.ts";
import { ProtocolError } from "./reader.ts";
import { type RespValue, resp } from "./resp.ts";
import { defineStage } from "./stage.ts";

const server = program("server.mjs");

function pingStage(port: number, mode: string) {
  return defineStage({
    slug: "ping",
    async run({ program, log, expect }) {
      await program.start([String(port), mode]);
      const client = await program.connect(port);
      log.step("$ redis-cli PING");
      expect(await client.send(["PING"]), { hint: "PING answers with +PONG\\r\\n" }).toEqual(resp.simple("PONG"));
      log.pass("received PONG");
    },
  });
}

describe("RESP over a real connection", () => {
  it("passes a correct server", async () => {
    const port = await freePort();
    const ran = await runOne(pingStage(port, "resp"), server);
    vexpect(ran.outcome.status).toBe("passed");
    vexpect(ran.logs("harness")).toEqual(["$ redis-cli PING", "✓ received PONG"]);
  });

  it("reassembles a reply split across packets", async () => {
    const port = await freePort();
    vexpect((await runOne(pingStage(port, "split"), server)).outcome.status).toBe("passed");
  });

  it("tells a bulk string from a simple string", async () => {
    const port = await freePort();
    const ran = await runOne(pingStage(port, "bulk"), server);
    vexpect(ran.outcome).toMatchObject({
      status: "failed",
      message: "expected simple string +PONG, got bulk string $4 PONG",
      hint: "PING answers with +PONG\\r\\n",
    });
  });

  it("rejects a line that ends with \\n alone", async () => {
    const port = await freePort();
    const ran = await runOne(pingStage(port, "lf"), server);
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.outcome.message).toBe(
      'invalid RESP: the line "+PONG\\n" ends with \\n alone — every RESP line ends with \\r\\n',
    );
  });
});

const respValue: fc.Arbitrary<RespValue> = fc.letrec<{ v: RespValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc
      .string({ unit: "grapheme" })
      .filter((s) => !/[\r\n]/.test(s))
      .map(resp.simple),
    fc
      .string()
      .filter((s) => !/[\r\n]/.test(s))
      .map(resp.error),
    fc.integer().map(resp.integer),
    fc.option(fc.string({ unit: "binary" }), { nil: null }).map(resp.bulk),
    fc.option(fc.array(tie("v"), { maxLength: 4 }), { nil: null }).map(resp.array),
  ),
})).v;

describe("RESP codec", () => {
  it("decodes whatever it encodes, however the bytes are split", () => {
    fc.assert(
      fc.property(respValue, fc.nat(), (v, cut) => {
        const bytes = resp.encode(v);
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        if (at > 0) vexpect(resp.decode(bytes.subarray(0, at))).toBeUndefined();
        const got = resp.decode(Buffer.concat([bytes, Buffer.from("+NEXT\r\n")]));
        vexpect(got?.value).toEqual(v);
        vexpect(got?.used).toBe(bytes.length);
      }),
    );
  });

  it("rejects bad framing with messages that name the mistake", () => {
    const err = (s: string) => {
      try {
        resp.decode(Buffer.from(s));
      } catch (e) {
        vexpect(e).toBeInstanceOf(ProtocolError);
        return (e as Error).message;
      }
      return "no error";
    };
    vexpect(err("PONG\r\n")).toBe('invalid RESP: a reply must start with + - : $ or *, got "PONG\\r\\n"');
    vexpect(err("$3\r\nPONG\r\n")).toBe(
      'invalid RESP: bulk string $3 must be followed by exactly 3 bytes and \\r\\n, got "PONG\\r\\n"',
    );
    vexpect(err("$x\r\n")).toBe('invalid RESP: bulk string length "x" is not an integer');
    vexpect(err(":12a\r\n")).toBe('invalid RESP: integer "12a" is not an integer');
    vexpect(err("*1\r\n+OK\n")).toMatch(/ends with \\n alone/);
  });

  it("describes values the way the protocol reads", () => {
    vexpect(resp.describe(resp.array([resp.bulk("GET"), resp.nullBulk(), resp.integer(3)]))).toBe(
      "array *3 [bulk string $3 GET, null bulk string $-1, integer :3]",
    );
    vexpect(resp.encode(resp.command(["SET", "k", "héllo"])).toString()).toBe(
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\nhéllo\r\n",
    );
  });
});
