// docker-compose.yml, the production stack, read as compose would (defaults of ${VAR:-default}
// applied) and parsed by the apps' own config: what a plain `docker compose up` runs.
import fs from "node:fs";
import path from "node:path";
import { API_ENV_NAMES, loadConfig as loadApiConfig } from "@bsod/api/config";
import { ROOT } from "@bsod/testkit";
import { loadConfig as loadWorkerConfig } from "@bsod/worker/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const compose = parse(fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"));

/** A service's environment with every ${VAR:-default} left at its default. */
function environment(service: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(compose.services[service].environment ?? {})) {
    env[k] = String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
  }
  return env;
}

describe("docker-compose.yml", () => {
  it("runs the api without the demo jam, with variables the api reads", () => {
    const env = environment("api");
    expect(Object.keys(env).filter((k) => !API_ENV_NAMES.includes(k))).toEqual([]);
    expect(loadApiConfig(env).demo).toBe(false);
  });

  it("runs workers whose configuration the worker accepts", () => {
    expect(() => loadWorkerConfig(environment("worker"))).not.toThrow();
  });
});
