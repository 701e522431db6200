// The web app's end-to-end tests: a real api + worker (api/test/stack.ts), headless Chromium via
// playwright-core, and the built app (global setup builds web/dist when its sources changed).
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: import.meta.dirname,
  test: {
    name: "web",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // One file at a time: each starts its own api, worker and Chromium, and grading on a
    // 2-core machine slows past stage timeouts when three of them share it.
    fileParallelism: false,
    // After the node project: the browser tests start their own platforms.
    sequence: { groupOrder: 1 },
  },
});
