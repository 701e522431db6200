// The setup every browser test file shares: a real api (+ grading worker unless asked not to)
// and a headless Chromium for the whole file, plus a scratch directory; all gone afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Stack, startStack } from "@bsod/api/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser.ts";

export interface WebEnv {
  stack: Stack;
  browser: Browser;
  /** Scratch directory for clones and saved logins. */
  work: string;
}

/** Registers the file's beforeAll/afterAll; the fields are set once beforeAll has run. */
export function webStackForFile(
  name: string,
  opts: { worker?: boolean; beforeStop?: () => void; env?: () => Record<string, string> } = {},
): WebEnv {
  const env = {} as WebEnv;
  beforeAll(async () => {
    const stackOpts = { ...(opts.worker === false ? { worker: false } : {}), ...(opts.env ? { env: opts.env() } : {}) };
    [env.stack, env.browser] = await Promise.all([startStack(stackOpts), launchBrowser()]);
    env.work = fs.mkdtempSync(path.join(os.tmpdir(), `bsod-web-${name}-`));
  });
  afterAll(async () => {
    opts.beforeStop?.();
    await env.browser?.close();
    await env.stack?.stop();
    if (env.work) fs.rmSync(env.work, { recursive: true, force: true });
  });
  return env;
}
