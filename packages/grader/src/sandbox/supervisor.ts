// The supervisor: the main process of every sandbox container (under docker's init), started
// with the container so that a job pays neither a `docker exec` nor a Node startup.
//
// It is generic (the same for every track and image, no secrets) and runs as `node -e` on the
// runner image's Node (18+; its types are stripped once on the worker's side, see
// supervisor-source.ts), as root with only SETUID/SETGID/KILL and no-new-privileges — the
// rights the harness always had. It waits on stdin for ONE job, does it, reports and exits:
//
//   in  (stdin):  one JSON line {harnessBytes, sourceBytes, build, config},
//                 then the harness bundle, then the source tar (raw bytes)
//   out (stdout): frames [type: 1 byte][length: u32 BE][payload]
//     s  setup done   {ok, error}        (bundle in /bsod, tar extracted into /work as uid)
//     o/e build stdout/stderr chunk
//     b  build ended  {code, signal, durationMs, oomKills}
//     h/k harness stdout/stderr chunk
//     r  guest booted {bootMs}  (vm, stock kernel: whenever the agent answers, job or not)
//     g  guest ready  {ok, error, bootMs, serial}  (vm runs with the stock kernel, after the build)
//     x  harness ended {code, oomKills, guest?}   (guest: how the vm ended, if it did meanwhile)
//     f  supervisor failure (text)
//   in, after the job (runs with sidecar services only: config.services): the worker's replies
//                 to the harness's service calls, one JSON line each, passed on to the
//                 harness's stdin after its HarnessConfig line (see services/service-calls.ts)
//
// With a fourth argument (vm runs, stock kernel: {qemu, uid, guestExec}) it also boots the
// guest while the container waits, as its own uid (not the program's) without capabilities;
// reads its serial console (readiness, the last lines when it dies); after the build it copies
// /work into the guest and reports 'g'. The harness reaches the program in the guest with
// guestExec; qemu ending under the harness is reported with 'x'.
//
// The image's work-dir seed (if any) is copied, the source extracted and the build run as the
// program user through setpriv (no capabilities, no groups); the harness bundle is imported in this process with its stdin
// (the HarnessConfig line), stdout and stderr replaced by framed streams, so exactly the bytes
// it writes reach the worker. Nothing the program runs can write to this process's stdout
// (other uid, no capabilities). The worker keeps every deadline and cap: it kills the
// container, which ends every process in it.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import { PassThrough, Writable } from "node:stream";

interface Job {
  harnessBytes: number;
  sourceBytes: number;
  build: string | null;
  config: unknown;
}
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}
type Mark = { at: number; cpu: number; all: number | null };
interface GuestBoot {
  qemu: string[];
  uid: number;
  groups: number[];
  guestExec: string;
  agentPort: number;
}
interface GuestEnd {
  reason: "panic" | "reboot" | "poweroff" | "exit";
  code: number | null;
  signal: string | null;
  serial: string[];
}
const realExit: (code?: number) => never = process.exit.bind(process);
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
function send(type: string, payload: Buffer | string | object): void {
  const body = Buffer.isBuffer(payload)
    ? payload
    : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload));
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(body.length, 1);
  writeAll(head);
  if (body.length) writeAll(body);
}
function fail(why: unknown): never {
  try {
    send("f", String((why as Error | undefined)?.stack || why));
  } finally {
    realExit(70);
  }
}
process.on("uncaughtException", (e) => {
  if (!harnessRunning) fail(e);
});

// Where a job's time and CPU went (reported with the last frame, logged by the worker).
const marks: Record<string, Mark> = {};
const cgroupCpu = () => {
  try {
    return Math.round(Number(fs.readFileSync("/sys/fs/cgroup/cpuacct/cpuacct.usage", "utf8")) / 1e6);
  } catch {
    return null;
  }
};
function mark(name: string): void {
  const u = process.cpuUsage();
  marks[name] = { at: Date.now(), cpu: Math.round((u.user + u.system) / 1000), all: cgroupCpu() };
}

function oomKills(): number | null {
  for (const f of ["/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"]) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(fs.readFileSync(f, "utf8"));
      if (m) return Number(m[1]);
    } catch {}
  }
  return null;
}

// Started as `node -e <this> <uid> <workDir>`.
const UID = String(Number(process.argv[1]));
const WORK_DIR = String(process.argv[2]);
const GUEST: GuestBoot | null = process.argv[3] ? (JSON.parse(process.argv[3]) as GuestBoot) : null;
const asProgram = ["--reuid", UID, "--regid", UID, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"];
let job: Job | null = null;
let harness: Buffer[] | null = [];
let harnessLeft = 0;
let sourceLeft = 0;
let head: Buffer | null = Buffer.alloc(0);
let tar: ChildProcessWithoutNullStreams | null = null;
let tarClosed: Promise<Exit> | null = null;
let tarOut = "";
let tarBroken = false;
let harnessRunning = false;
/** The harness's stdin once it runs; service replies that come before wait in `early`. */
let harnessIn: Writable | null = null;
const early: Buffer[] = [];
const input = process.stdin;
const HARNESS_FILE = "/bsod/harness.mjs";
const WARM_FILE = "/bsod/.warm.mjs";

// A runner image may carry files every job starts with (a toolchain's prebuilt cache): they are
// copied into the work dir as the program user before the source goes in. A copy that does not
// fit is removed again, so no job ever sees half of it.
const SEED_DIR = "/opt/bsod/work-seed";
const SEED_THEN =
  'if ! cp -R --preserve=timestamps "$0/." "$1" 2>/dev/null; then for f in "$0"/* "$0"/.[!.]*; do [ -e "$f" ] && rm -rf "$1/$(basename "$f")"; done; fi; shift; exec "$@"';

function startTar() {
  const extract = [
    "tar",
    "-x",
    "--no-same-owner",
    "--no-same-permissions",
    "--no-overwrite-dir",
    "-C",
    WORK_DIR,
    "-f",
    "-",
  ];
  const cmd = fs.existsSync(SEED_DIR) ? ["sh", "-c", SEED_THEN, SEED_DIR, WORK_DIR, ...extract] : extract;
  const child = spawn("setpriv", [...asProgram, ...cmd], { cwd: "/", stdio: ["pipe", "pipe", "pipe"] });
  tar = child;
  const collect = (c: Buffer) => {
    if (tarOut.length < 65536) tarOut += c.toString("utf8");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  child.stdin.on("error", () => {
    tarBroken = true;
  });
  tarClosed = new Promise((resolve) => {
    child.on("error", (e) => {
      tarOut += e.message;
      resolve({ code: 127, signal: null });
    });
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
}

function onInput(chunk: Buffer): void {
  if (!job) {
    if (!marks.input) mark("input");
    const buffered = Buffer.concat([head ?? Buffer.alloc(0), chunk]);
    const nl = buffered.indexOf(10);
    if (nl < 0) {
      head = buffered;
      return;
    }
    const parsed = JSON.parse(buffered.subarray(0, nl).toString("utf8")) as Job;
    job = parsed;
    chunk = buffered.subarray(nl + 1);
    head = null;
    harnessLeft = parsed.harnessBytes;
    sourceLeft = parsed.sourceBytes;
  }
  if (harnessLeft > 0 && chunk.length > 0) {
    const part = chunk.subarray(0, harnessLeft);
    harness?.push(part);
    harnessLeft -= part.length;
    chunk = chunk.subarray(part.length);
  }
  if (harnessLeft === 0 && harness) {
    fs.writeFileSync(HARNESS_FILE, Buffer.concat(harness), { mode: 0o600 });
    harness = null;
  }
  if (harnessLeft === 0 && sourceLeft > 0 && chunk.length > 0) {
    const part = chunk.subarray(0, sourceLeft);
    sourceLeft -= part.length;
    if (!tarBroken && !tar!.stdin.write(part)) {
      input.pause();
      let resumed = false;
      const resume = () => {
        if (!resumed) {
          resumed = true;
          input.resume();
        }
      };
      tar!.stdin.once("drain", resume);
      void tarClosed!.then(resume);
    }
  }
  if (harnessLeft === 0 && sourceLeft === 0) {
    input.off("data", onData);
    input.off("end", onInputEnd);
    if ((job as { config?: { services?: unknown } }).config?.services) {
      // Service replies follow on stdin: hand them to the harness, without keeping the process up.
      input.on("data", (c: Buffer) => (harnessIn ? harnessIn.write(c) : early.push(c)));
      input.on("end", () => {});
      (input as unknown as { unref?: () => void }).unref?.();
    } else input.destroy();
    tar!.stdin.end();
    const ready = job as Job;
    tarClosed!
      .then(({ code, signal }) => {
        if (code !== 0) {
          send("s", { ok: false, error: tarOut.trim() || `tar exited with ${signal || code}` });
          return realExit(0);
        }
        mark("setup");
        send("s", { ok: true, error: "" });
        if (ready.build) build(ready.build, ready);
        else afterBuild(ready);
      })
      .catch(fail);
  }
}
function onInputEnd(): void {
  fail("stdin ended before the whole job arrived");
}

function build(command: string, ready: Job): void {
  const started = Date.now();
  const child = spawn("setpriv", [...asProgram, "sh", "-c", command], {
    cwd: WORK_DIR,
    env: { ...process.env, HOME: "/tmp" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (c: Buffer) => send("o", c));
  child.stderr.on("data", (c: Buffer) => send("e", c));
  let done = false;
  const end = (code: number | null, signal: NodeJS.Signals | null) => {
    if (done) return;
    done = true;
    child.stdout.destroy();
    child.stderr.destroy();
    const exit = code !== null ? code : 128 + ((signal && os.constants.signals[signal]) || 0);
    const ok = exit === 0;
    send("b", { code: exit, durationMs: Date.now() - started, oomKills: ok ? 0 : oomKills() });
    if (ok) afterBuild(ready);
    else realExit(0);
  };
  child.on("error", (e) => {
    send("e", Buffer.from(`${e.message}\n`));
    end(127, null);
  });
  // A daemon the build left behind may hold its output open: do not wait for it.
  child.on("exit", (code, signal) => {
    const t = setTimeout(() => end(code, signal), 200);
    child.on("close", () => {
      clearTimeout(t);
      end(code, signal);
    });
  });
}

function runHarness(ready: Job): void {
  const config = `${JSON.stringify(ready.config)}\n`;
  const frameStream = (type: string) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (chunk.length) send(type, chunk);
        cb();
      },
    });
  const stdout = frameStream("h");
  const stderr = frameStream("k");
  const stdin = new PassThrough();
  stdin.write(config);
  if ((ready.config as { services?: unknown } | null)?.services) {
    for (const c of early.splice(0)) stdin.write(c);
    harnessIn = stdin;
  } else stdin.end();
  const define = (name: string, value: unknown) =>
    Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => value });
  define("stdin", stdin);
  define("stdout", stdout);
  define("stderr", stderr);
  let finished = false;
  const finish = (code: number | string | null | undefined): void => {
    if (finished) return;
    finished = true;
    let reported = false;
    const report = () => {
      if (reported) return;
      reported = true;
      // The harness is done: whatever the program left running goes now (as with the container).
      try {
        process.kill(-1, "SIGKILL");
      } catch {}
      mark("end");
      send("x", { code: Number.isInteger(code) ? code : 0, oomKills: oomKills(), marks, guest: guestEnd });
      realExit(0);
    };
    // A guest that died under the harness is what the harness's last verdict is about: if its
    // agent does not answer, qemu is going down (or the guest hangs): wait a moment for its end.
    if (guestProc && !guestEnd) {
      void agentAnswers(GUEST_PING_MS).then((alive) => {
        if (alive) return report();
        guestEnded.then(report, report);
        setTimeout(report, GUEST_END_WAIT_MS); // not unref: the event loop may have nothing else
      });
    } else report();
  };
  process.exit = ((code?: number | string | null) =>
    finish(code === undefined ? process.exitCode : Number(code))) as typeof process.exit;
  process.removeAllListeners("uncaughtException");
  // What Node does for a script: an uncaught error or an unhandled rejection (without
  // a handler of the harness's own) is printed and ends the process with code 1.
  const crash = (e: unknown) => {
    stderr.write(`${String((e as Error | undefined)?.stack || e)}\n`);
    finish(1);
  };
  process.on("uncaughtException", (e) => {
    if (process.listenerCount("uncaughtException") === 1) crash(e);
  });
  process.on("unhandledRejection", (e) => {
    if (process.listenerCount("unhandledRejection") === 1 && process.listenerCount("uncaughtException") === 1) crash(e);
  });
  process.on("beforeExit", () => finish(process.exitCode));
  process.argv.splice(1, process.argv.length, HARNESS_FILE);
  process.execArgv.length = 0;
  process.chdir(WORK_DIR);
  harnessRunning = true;
  mark("harness");
  import(HARNESS_FILE).then(() => mark("imported"), crash);
}

// ---- the vm's guest (stock kernel) ----
const SERIAL_LINES = 30;
const serial: string[] = [];
let serialPartial = "";
let guestProc: ChildProcessWithoutNullStreams | null = null;
let guestEnd: GuestEnd | null = null;
let guestStarted = 0;
let guestReadyAt = 0;
let onGuestReady: (() => void) | null = null;
let onGuestEnd: ((end: GuestEnd) => void) | null = null;
const guestEnded = new Promise<GuestEnd>((resolve) => {
  onGuestEnd = resolve;
});
const guestReady = new Promise<void>((resolve, reject) => {
  onGuestReady = resolve;
  void guestEnded.then((end) => reject(new Error(`the guest stopped while booting (${end.reason})`)));
});
guestReady.catch(() => {});
function onSerial(chunk: Buffer): void {
  const text = (serialPartial + chunk.toString("utf8")).replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1bc/g, "");
  const lines = text.split(/\r?\n/);
  serialPartial = (lines.pop() ?? "").slice(-4096);
  for (const raw of lines) {
    const line = raw.replace(/\r/g, "").trimEnd();
    if (!line) continue;
    if (!guestReadyAt && line.includes("bsod-agent: ready")) {
      guestReadyAt = Date.now();
      send("r", { bootMs: guestReadyAt - guestStarted });
      onGuestReady?.();
    }
    if (!panicLine && line.includes("Kernel panic - not syncing")) panicLine = line;
    serial.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
    if (serial.length > SERIAL_LINES) serial.shift();
  }
}
function serialTail(): string[] {
  return serialPartial.trim() ? [...serial, serialPartial.trim()].slice(-SERIAL_LINES) : [...serial];
}
let panicLine: string | null = null;
function classify(code: number | null, signal: string | null): GuestEnd {
  const lines = serialTail();
  // the oops after "Kernel panic" is long: keep that line even when it scrolled out
  if (panicLine && !lines.includes(panicLine)) lines.unshift(panicLine);
  const text = lines.join("\n");
  const reason: GuestEnd["reason"] = /Kernel panic - not syncing/.test(text)
    ? "panic"
    : /reboot: (Restarting system|machine restart)/.test(text)
      ? "reboot"
      : /reboot: (Power down|System halted)/.test(text)
        ? "poweroff"
        : "exit";
  return { reason, code, signal, serial: lines };
}
const GUEST_PING_MS = 500;
const GUEST_END_WAIT_MS = 2000;
/** Whether the guest's agent answers (asked whether anything listens on port 1). */
function agentAnswers(timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port: GUEST?.agentPort ?? 0 });
    let got = 0;
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.once("connect", () => s.write(Buffer.from([0x4c, 0, 0, 0, 2, 0, 1])));
    s.on("data", (c: Buffer) => {
      got += c.length;
      if (got >= 8) done(true);
    });
    s.once("error", () => done(false));
    s.once("close", () => done(false));
    s.setTimeout(timeoutMs, () => done(false));
  });
}
function startGuest(boot: GuestBoot): void {
  const groups = boot.groups.length ? ["--groups", boot.groups.join(",")] : ["--clear-groups"];
  const as = ["--reuid", String(boot.uid), "--regid", String(boot.uid), ...groups, "--inh-caps=-all"];
  guestStarted = Date.now();
  const child = spawn("setpriv", [...as, "--bounding-set=-all", "--", ...boot.qemu], {
    cwd: "/tmp",
    stdio: ["pipe", "pipe", "pipe"],
  });
  guestProc = child;
  child.stdout.on("data", onSerial);
  child.stderr.on("data", onSerial);
  child.stdin.on("error", () => {});
  let ended = false;
  const end = (code: number | null, signal: NodeJS.Signals | null) => {
    if (ended) return;
    ended = true;
    guestEnd = classify(code, signal);
    onGuestEnd?.(guestEnd);
  };
  child.on("error", (e) => {
    onSerial(Buffer.from(`\n${e.message}\n`));
    end(127, null);
  });
  child.on("exit", (code, signal) => {
    // the last serial bytes may still be in the pipe
    child.stdout.once("close", () => end(code, signal));
    setTimeout(() => end(code, signal), 100).unref();
  });
}
/** Copies /work into the guest (as the program user, through the agent). */
function pushWork(boot: GuestBoot): Promise<string | null> {
  return new Promise((resolve) => {
    const script = `tar -C "$0" -cf - . | "$1" run -- tar -x -C "$0" -f -`;
    const child = spawn("setpriv", [...asProgram, "sh", "-c", script, WORK_DIR, boot.guestExec], {
      cwd: WORK_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const collect = (c: Buffer) => {
      if (out.length < 4096) out += c.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (e) => resolve(e.message));
    child.on("close", (code) => resolve(code === 0 ? null : out.trim() || `exit code ${code}`));
  });
}
function afterBuild(ready: Job): void {
  if (!GUEST) {
    runHarness(ready);
    return;
  }
  const boot = GUEST;
  // Whatever the build left running as the program user goes before the machine is handed over.
  spawnSync("setpriv", [...asProgram, "kill", "-9", "-1"], { stdio: "ignore" });
  guestReady
    .then(async () => {
      const pushed = Date.now();
      const err = await pushWork(boot);
      if (err) throw new Error(`copying /work into the guest failed: ${err}`);
      mark("guest");
      send("g", {
        ok: true,
        error: "",
        bootMs: guestReadyAt - guestStarted,
        pushMs: Date.now() - pushed,
        serial: [],
      });
      runHarness(ready);
    })
    .catch((e: Error) => {
      send("g", { ok: false, error: e.message, bootMs: null, serial: serialTail() });
      realExit(0);
    });
}
function onData(c: Buffer): void {
  try {
    onInput(c);
  } catch (e) {
    fail(e);
  }
}
// While the container waits for its job: start the extraction (tar waits for its bytes), boot
// the guest (vm runs) and load what every harness imports, so that a job pays for none of it.
startTar();
if (GUEST) startGuest(GUEST);
input.on("data", onData);
input.on("end", onInputEnd);
input.on("error", fail);
try {
  const builtins = ["child_process", "crypto", "fs", "module", "net", "os", "path", "stream", "util"];
  fs.writeFileSync(WARM_FILE, builtins.map((m) => `import "node:${m}";`).join("\n"), { mode: 0o600 });
} catch (e) {
  fail(e);
}
import(WARM_FILE).then(() => {
  fs.rmSync(WARM_FILE, { force: true });
  mark("started");
}, fail);
