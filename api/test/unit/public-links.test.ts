// Without PUBLIC_URL, the links bsod hands out (clone URLs, the run link in a push) point where
// the participant reached the server, not at the loopback address it listens on; a forwarded host
// counts only from a trusted proxy. The push output is coloured unless `git push -o nocolor`.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, git, type Stack, signUp, startStack, withToken } from "../stack.ts";

let stack: Stack;
let proxied: Stack;
let work: string;

beforeAll(async () => {
  // No worker: a push stays queued; the push waits long enough to print the queued line.
  [stack, proxied] = await Promise.all([
    startStack({ worker: false, env: { PUSH_WAIT_MS: "1500" } }),
    startStack({ worker: false, env: { TRUSTED_PROXIES: "127.0.0.1" } }),
  ]);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-links-"));
});
afterAll(async () => {
  await Promise.all([stack?.stop(), proxied?.stop()]);
  fs.rmSync(work, { recursive: true, force: true });
});

/** POST /enroll with headers fetch would not let us set (Host). */
function enrollVia(s: Stack, token: string, headers: Record<string, string>): Promise<{ cloneUrl: string }> {
  const url = new URL(`${s.url}/api/v1/jams/hello-demo/enroll`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => (res.statusCode === 201 ? resolve(JSON.parse(text)) : reject(new Error(text))));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ language: "python" }));
  });
}

describe("links without PUBLIC_URL", () => {
  it("gives a clone URL on the host the participant used, ignoring an untrusted X-Forwarded-Host", async () => {
    const token = await signUp(stack, "lanny");
    const res = await enrollVia(stack, token, { host: "jam-box.lan:4321", "x-forwarded-host": "evil.example" });
    expect(res.cloneUrl).toBe("http://jam-box.lan:4321/git/lanny/hello-demo.git");
    const me = await call(stack, "GET", "/jams/hello-demo/me", undefined, token);
    expect(me.body.cloneUrl).toBe(`${stack.url}/git/lanny/hello-demo.git`);
  });

  it("believes X-Forwarded-Host and -Proto from a trusted proxy", async () => {
    const token = await signUp(proxied, "proxy-pat");
    const res = await enrollVia(proxied, token, {
      host: "127.0.0.1",
      "x-forwarded-host": "jam.example.org",
      "x-forwarded-proto": "https",
    });
    expect(res.cloneUrl).toBe("https://jam.example.org/git/proxy-pat/hello-demo.git");
  });

  it("prints the run link on the host the push went to, coloured unless -o nocolor", async () => {
    const token = await signUp(stack, "pusher");
    const { body } = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
    // The server listens on 127.0.0.1; push through the name localhost instead.
    const viaName = withToken(body.cloneUrl.replace("127.0.0.1", "localhost"), "pusher", token);
    expect((await git(["clone", viaName, "repo"], work)).code).toBe(0);
    const repo = path.join(work, "repo");
    const push = async (extra: string[]) => {
      fs.appendFileSync(path.join(repo, "main.py"), "\n# again\n");
      await git(["commit", "-qam", "again"], repo);
      const res = await git(["push", ...extra, "origin", "HEAD:main"], repo);
      expect(res.code, res.stderr).toBe(0);
      return res.stderr;
    };
    const coloured = await push([]);
    const port = new URL(stack.url).port;
    expect(coloured).toMatch(
      new RegExp(`remote: bsod: grading [0-9a-f]{7} \\(sub_[\\w-]+\\) — live at http://localhost:${port}/runs/sub_`),
    );
    expect(coloured).toContain("remote: \u001b[2mqueued: 2 stages to run\u001b[0m");
    const plain = await push(["-o", "nocolor"]);
    expect(plain).toMatch(/remote: queued: 2 stages to run\s*\n/);
    expect(plain).not.toContain("\u001b[");
  });
});
