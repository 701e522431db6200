// The unit tier runs without a Docker engine: vitest.config.ts points DOCKER_HOST at a socket
// that does not exist, so any test here that reached for a sandbox would fail instead of quietly
// using the machine's engine. This checks that the guard is in force for every unit file.
import fs from "node:fs";
import net from "node:net";
import { expect, it } from "vitest";

it("sees a DOCKER_HOST that nothing answers on", async () => {
  const host = process.env.DOCKER_HOST ?? "";
  expect(host).toMatch(/^unix:\/\//);
  const socket = host.slice("unix://".length);
  expect(fs.existsSync(socket)).toBe(false);
  const reached = await new Promise<boolean>((resolve) => {
    const conn = net.connect(socket, () => {
      conn.destroy();
      resolve(true);
    });
    conn.on("error", () => resolve(false));
  });
  expect(reached).toBe(false);
});
