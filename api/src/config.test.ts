import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("defaults to SQLite in the data dir", () => {
    const c = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DATA_DIR: "/tmp/x" });
    expect(c.database).toEqual({ kind: "sqlite", file: "/tmp/x/bsod.sqlite" });
    expect(c.port).toBe(8080);
  });

  it("uses Postgres when DATABASE_URL says so", () => {
    const c = loadConfig({ REDIS_URL: "redis://r:6379", DATABASE_URL: "postgres://u@h/db" });
    expect(c.database).toEqual({ kind: "postgres", url: "postgres://u@h/db" });
  });

  it("names the bad variable", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://r", PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: "redis://r", PORT: "eighty" })).toThrow(/^invalid PORT/);
    expect(() => loadConfig({ REDIS_URL: "http://r" })).toThrow(/invalid REDIS_URL: must start with redis:\/\//);
    expect(() => loadConfig({ REDIS_URL: "redis://r", DATABASE_URL: "mysql://x" })).toThrow(/invalid DATABASE_URL/);
  });
});
