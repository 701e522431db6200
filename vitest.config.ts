import { defineConfig } from "vitest/config";

/**
 * The fast tier (`npm run test:unit`): tests beside their source and under a `test/unit/` folder.
 * They use real SQLite, Postgres, Redis and git, never Docker: the tier runs with a Docker host
 * that does not exist, so a test that reaches for a sandbox fails here instead of slowing it.
 */
const UNIT = ["**/src/**/*.test.ts", "**/test/unit/**/*.test.ts", "scripts/test/boundaries.test.ts"];
const NOT_HERE = ["**/node_modules/**", "web/**"];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT,
          exclude: NOT_HERE,
          env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" },
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          include: ["**/*.test.ts"],
          exclude: [...NOT_HERE, ...UNIT, "**/test/faults/**"],
          sequence: { groupOrder: 0 },
        },
      },
      // Faults under load (`npm run test:faults`): minutes long, so not part of `npm test`.
      ...(process.env.BSOD_FAULTS
        ? [
            {
              extends: true,
              test: {
                name: "faults",
                include: ["**/test/faults/**/*.test.ts"],
                exclude: NOT_HERE,
                testTimeout: 900_000,
              },
            },
          ]
        : []),
      // The browser tests (headless Chromium) run after the rest, one file at a time.
      "web/vitest.config.ts",
    ],
  },
});
