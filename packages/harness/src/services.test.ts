// ctx.services over its channel: a call goes out as a service.call message, the worker's reply
// line on stdin settles it, and an undeclared service is a clear error in the stage.
import { PassThrough } from "node:stream";
import type { HarnessMessage } from "@bsod/contracts";
import { describe, expect, it } from "vitest";
import { createServices, ServiceLink } from "./services.ts";

describe("ctx.services", () => {
  it("sends each call and resolves it with the worker's reply", async () => {
    const input = new PassThrough();
    const sent: HarnessMessage[] = [];
    const link = new ServiceLink(input, (m) => {
      sent.push(m);
      if (m.type !== "service.call") return;
      const reply =
        m.op === "exec"
          ? { id: m.id, ok: true, exec: { code: 0, stdout: `ran ${m.argv?.join(" ")}`, stderr: "" } }
          : m.op === "stop"
            ? { id: m.id, ok: false, error: "stop of service db failed: boom" }
            : { id: m.id, ok: true, state: "paused" };
      setImmediate(() => input.write(`${JSON.stringify(reply)}\n`));
    });
    const services = createServices([{ name: "db", port: 5432 }], link);
    expect(services.db?.port).toBe(5432);
    expect(await services.db?.exec(["psql", "-c", "select 1"])).toEqual({
      code: 0,
      stdout: "ran psql -c select 1",
      stderr: "",
    });
    expect(await services.db?.state()).toBe("paused");
    await expect(services.db?.stop()).rejects.toThrow("stop of service db failed: boom");
    expect(sent.map((m) => (m.type === "service.call" ? `${m.service}.${m.op}` : m.type))).toEqual([
      "db.exec",
      "db.state",
      "db.stop",
    ]);
    expect(() => services.cache).toThrow('this run has no service "cache" (declared: db)');
  });
});
