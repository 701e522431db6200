// git hook run by receive-pack inside `git http-backend`: forwards the pushed refs to the api
// and copies the api's streamed answer to stdout, which git shows in the pushing terminal.
// Plain JavaScript so it starts fast; everything it needs arrives in the environment.
import { spawn, spawnSync } from "node:child_process";
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
// quarantine, which only this process (not the api) can see. The listing is streamed and
// stopped once past a limit, so no tree is too big to measure; one that cannot be measured is
// sent without counts, and the api refuses it.
const maxFiles = Number(process.env.BSOD_MAX_FILES ?? "5000");
const maxBytes = Number(process.env.BSOD_MAX_SOURCE_BYTES ?? String(20 * 1024 * 1024));

function measure(sha) {
  return new Promise((resolve) => {
    const child = spawn("git", ["ls-tree", "-r", "-l", "-z", "--full-tree", sha], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    let files = 0;
    let bytes = 0;
    let stopped = false;
    let rest = "";
    child.stdout.setEncoding("latin1");
    child.stdout.on("data", (chunk) => {
      if (stopped) return;
      const records = (rest + chunk).split("\0");
      rest = records.pop() ?? "";
      for (const rec of records) {
        files++;
        const size = Number.parseInt(rec.slice(0, rec.indexOf("\t")).trim().split(/\s+/)[3] ?? "0", 10);
        if (Number.isFinite(size)) bytes += size;
        if (files > maxFiles || bytes > maxBytes) {
          stopped = true;
          child.kill("SIGKILL");
          return;
        }
      }
    });
    child.on("error", () => resolve({}));
    child.on("close", (code) => {
      if (stopped) resolve({ files, bytes, partial: true });
      else if (code === 0) resolve({ files, bytes });
      else resolve({});
    });
  });
}

function readManifest(sha) {
  const shown = spawnSync("git", ["cat-file", "blob", `${sha}:bsod.yml`], { encoding: "utf8", maxBuffer: 64 * 1024 });
  return shown.status === 0 ? shown.stdout : undefined;
}

let stored;
if (hook === "pre-receive") {
  for (const u of updates) {
    if (/^0+$/.test(u.new)) continue;
    Object.assign(u, await measure(u.new));
    if (u.ref === "refs/heads/main") u.manifest = readManifest(u.new);
  }
  stored = storedBytes();
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
  storedBytes: stored,
});

// Bytes on disk of every object some ref reaches once this push is applied: refs it moves count
// at their new value, deleted ones not at all, all others as they are (side branches count).
function storedBytes() {
  const args = ["rev-list", "--objects", "--disk-usage"];
  for (const u of updates) if (!/^0+$/.test(u.new)) args.push(u.new);
  for (const u of updates) args.push(`--exclude=${u.ref}`);
  // refs/bsod/ keeps the commits already graded: the server's, not counted against the quota.
  args.push("--exclude=refs/bsod/*", "--glob=refs/*");
  const out = spawnSync("git", args, { encoding: "utf8", maxBuffer: 1024 * 1024 });
  const bytes = Number.parseInt(out.stdout ?? "", 10);
  return out.status === 0 && Number.isFinite(bytes) ? bytes : undefined;
}

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
