import { defineConfig } from "vitest/config";

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
          name: "node",
          include: ["**/*.test.ts"],
          exclude: ["**/node_modules/**", "web/**"],
          sequence: { groupOrder: 0 },
        },
      },
      // The browser tests (headless Chromium) run after the rest, one file at a time.
      "web/vitest.config.ts",
    ],
  },
});
