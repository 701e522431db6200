// A tiny stand-in for a real track harness, so these tests do not depend on packages/harness.
// It speaks the same protocol: HarnessConfig on stdin, one HarnessMessage per line on stdout.
// In a vm run (config.guest) it starts the program in the guest through guest-exec, as the
// real harness does, and reaps the guest between stages.

export interface FixtureStage {
  /** Text fed to the program's stdin. */
  stdin?: string;
  /** Expected stdout (trimmed); undefined: any output passes when the program exits 0. */
  expect?: string;
}

export interface FixtureOptions {
  /** Do not enforce the stage timeout (the worker's outer deadline has to). */
  naive?: boolean;
  /** Leave the program's background processes alone after a stage (the container must end them). */
  leaveProcesses?: boolean;
}

export function fixtureHarness(stages: Record<string, FixtureStage>, opts: FixtureOptions = {}): Buffer {
  return Buffer.from(
    SOURCE.replace("__STAGES__", JSON.stringify(stages))
      .replace("__NAIVE__", JSON.stringify(!!opts.naive))
      .replace("__LEAVE__", JSON.stringify(!!opts.leaveProcesses)),
  );
}

/** A harness that breaks the protocol in a chosen way. */
export function brokenHarness(kind: "garbage" | "crash" | "silent" | "lingers"): Buffer {
  const body = {
    garbage: `process.stdout.write('{"type":"stage.started","slug":"one"}\\nthis is not json\\n');`,
    crash: `process.stdout.write('{"type":"stage.started","slug":"one"}\\n'); throw new Error("harness bug");`,
    silent: `process.stdout.write('{"type":"stage.started","slug":"one"}\\n'); process.exit(0);`,
    lingers: `process.stdout.write(['{"type":"stage.started","slug":"one"}', '{"type":"stage.passed","slug":"one","durationMs":1}', '{"type":"harness.done"}', ''].join("\\n")); setInterval(() => {}, 1000);`,
  }[kind];
  return Buffer.from(`process.stdin.resume(); process.stdin.once("data", () => { ${body} });\n`);
}

const SOURCE = String.raw`
import { spawn, spawnSync } from "node:child_process";
const STAGES = __STAGES__;
const NAIVE = __NAIVE__;
const LEAVE = __LEAVE__;
const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
  if (input.includes("\n")) break;
}
const config = JSON.parse(input.slice(0, input.indexOf("\n")));
const uid = String(config.programUid);
const asProgram = ["--reuid", uid, "--regid", uid, "--clear-groups", "--inh-caps=-all", "--"];
const GUEST = config.guest;

function killProgramUser() {
  // in a vm: every process in the guest but its init
  if (GUEST) spawnSync("setpriv", [...asProgram, GUEST.exec, "reap"], { stdio: "ignore" });
  // as the program user, kill -1 reaches exactly the program's processes
  for (let i = 0; i < 20; i++) {
    const r = spawnSync("setpriv", [...asProgram, "sh", "-c", "kill -9 -1"], { stdio: "ignore" });
    if (!r.error) return;
  }
}

function runStage(slug, spec) {
  return new Promise((resolve) => {
    const started = Date.now();
    const command = [...(GUEST ? [GUEST.exec, "run", "--"] : []), "sh", "-c", config.run];
    const child = spawn("setpriv", [...asProgram, ...command], {
      cwd: config.workDir,
      env: { PATH: process.env.PATH, LANG: "C.UTF-8", HOME: "/tmp" },
      // fd 3: guest-exec writes "oom" there when the guest's OOM killer ended the program
      stdio: ["pipe", "pipe", "pipe", ...(GUEST ? ["pipe"] : [])],
      detached: true,
    });
    let guestOom = false;
    if (GUEST) child.stdio[3].on("data", (c) => { if (String(c).includes("oom")) guestOom = true; });
    let out = "";
    let bytes = 0;
    let verdict = null;
    const stop = (v) => {
      if (verdict) return;
      verdict = v;
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
      killProgramUser();
    };
    const partial = { stdout: "", stderr: "" };
    const onData = (source) => (buf) => {
      bytes += buf.length;
      if (bytes > config.outputBytes) return stop({ status: "output_limit", message: "your program printed more than " + config.outputBytes + " bytes" });
      const text = buf.toString("utf8");
      if (source === "stdout") out += text;
      const lines = (partial[source] + text).split("\n");
      partial[source] = lines.pop();
      for (const line of lines) send({ type: "stage.log", slug, source: "program", line });
    };
    child.stdout.on("data", onData("stdout"));
    child.stderr.on("data", onData("stderr"));
    child.stdin.on("error", () => {});
    child.stdin.end(spec.stdin ?? "");
    const timer = NAIVE ? null : setTimeout(() => stop({ status: "timeout", message: "stage timed out" }), config.stageTimeoutMs);
    child.on("error", (err) => stop({ status: "crashed", message: "could not start: " + err.message }));
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      for (const rest of Object.values(partial)) if (rest) send({ type: "stage.log", slug, source: "program", line: rest });
      const durationMs = Date.now() - started;
      if (!verdict && !LEAVE) killProgramUser();
      if (!verdict) {
        if (guestOom && (signal || code !== 0)) verdict = { status: "memory_limit", message: "your program ran out of memory in its machine and was killed by the guest's kernel" };
        else if (signal) verdict = { status: "crashed", message: "your program was killed by " + signal };
        else if (code !== 0) verdict = { status: "crashed", message: "your program exited with code " + code };
        else if (spec.expect !== undefined && out.trim() !== spec.expect) verdict = { status: "failed", message: "expected " + JSON.stringify(spec.expect) + ", got " + JSON.stringify(out.trim()) };
      }
      resolve({ durationMs, verdict });
    });
  });
}

for (const slug of config.stages) {
  send({ type: "stage.started", slug });
  const spec = STAGES[slug];
  if (!spec) {
    send({ type: "stage.failed", slug, status: "internal_error", durationMs: 0, message: "unknown stage " + slug });
    break;
  }
  const { durationMs, verdict } = await runStage(slug, spec);
  if (verdict) {
    send({ type: "stage.failed", slug, status: verdict.status, durationMs, message: verdict.message });
    break;
  }
  send({ type: "stage.passed", slug, durationMs });
}
send({ type: "harness.done" });
`;
