// Builds web/dist once before the e2e files run (skipped when dist matches the sources), and
// fails early with the fix when Chromium is missing.
import fs from "node:fs";
import { buildIfStale } from "../../scripts/build-if-stale.ts";
import { CHROMIUM } from "./browser.ts";

export default async function setup() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (see web/README.md)`);
  }
  buildIfStale({ log: () => {} });
}
