// git hook run by receive-pack inside `git http-backend`: forwards the pushed refs to the api
// and copies the api's streamed answer to stdout, which git shows in the pushing terminal.
// Plain JavaScript so it starts fast; everything it needs arrives in the environment.
import { spawnSync } from "node:child_process";
import http from "node:http";

const hook = process.argv[2] ?? "post-receive";
const url = process.env.BSOD_HOOK_URL;
const secret = process.env.BSOD_HOOK_SECRET;
if (!url || !secret) {
  process.stdout.write("bsod: this repository is served without its grading hook; nothing was graded\n");
  process.exit(0);
}

let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const updates = input
  .split("\n")
  .filter(Boolean)
  .map((line) => {
    const [oldSha, newSha, ref] = line.split(" ");
    return { old: oldSha, new: newSha, ref };
  });

// Before the refs move, measure each new tree here: the pushed objects are still in git's
// quarantine, which only this process (not the api) can see.
if (hook === "pre-receive") {
  for (const u of updates) {
    if (/^0+$/.test(u.new)) continue;
    const listing = spawnSync("git", ["ls-tree", "-r", "-l", "--full-tree", u.new], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    if (listing.status !== 0) continue;
    let files = 0;
    let bytes = 0;
    for (const line of listing.stdout.split("\n")) {
      if (!line) continue;
      files++;
      const size = Number.parseInt(line.split(/\s+/)[3] ?? "0", 10);
      if (Number.isFinite(size)) bytes += size;
    }
    u.files = files;
    u.bytes = bytes;
    // bsod.yml names the language the push is built with: the api checks the jam offers it.
    if (u.ref === "refs/heads/main") {
      const shown = spawnSync("git", ["cat-file", "blob", `${u.new}:bsod.yml`], {
        encoding: "utf8",
        maxBuffer: 64 * 1024,
      });
      if (shown.status === 0) u.manifest = shown.stdout;
    }
  }
}

const body = JSON.stringify({
  hook,
  userId: process.env.BSOD_USER_ID,
  jamId: process.env.BSOD_JAM_ID,
  publicUrl: process.env.BSOD_PUBLIC_URL,
  pushOptions: Array.from(
    { length: Number(process.env.GIT_PUSH_OPTION_COUNT ?? 0) },
    (_, i) => process.env[`GIT_PUSH_OPTION_${i}`] ?? "",
  ),
  updates,
});

const req = http.request(
  `${url}/internal/git/${hook}`,
  {
    method: "POST",
    headers: { "content-type": "application/json", "x-bsod-hook-secret": secret },
  },
  (res) => {
    res.on("data", (d) => process.stdout.write(d));
    res.on("end", () => process.exit(res.statusCode === 200 ? 0 : hook === "pre-receive" ? 1 : 0));
  },
);
req.on("error", (err) => {
  process.stdout.write(
    `bsod: could not reach the grading server (${err.message}); your push is saved and will be graded\n`,
  );
  process.exit(hook === "pre-receive" ? 1 : 0);
});
req.end(body);
