// A stand-in harness for the sidecar-service tests: speaks the protocol by hand (HarnessConfig
// line, then service.call lines on stdout answered on stdin) and runs one scripted stage: each
// step either runs the program with arguments and expects its output, or steers a service.

export type ServiceStep =
  | { run: string[]; expect: string }
  | { call: string; op: "stop" | "start" | "pause" | "resume" | "state"; expect?: string }
  | { call: string; op: "exec"; argv: string[]; stdin?: string; expect: string };

export function serviceHarness(steps: ServiceStep[]): Buffer {
  return Buffer.from(SOURCE.replace("__STEPS__", JSON.stringify(steps)));
}

const SOURCE = String.raw`
import { spawn } from "node:child_process";
const STEPS = __STEPS__;
const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
let buffer = "";
let config = null;
let gotConfig;
const configured = new Promise((r) => (gotConfig = r));
const pending = new Map();
process.stdin.on("data", (c) => {
  buffer += c;
  for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    if (!config) { config = JSON.parse(line); gotConfig(); continue; }
    const reply = JSON.parse(line);
    pending.get(reply.id)?.(reply);
  }
});
await configured;
let next = 1;
// stdin does not hold the process up: a timer does while a call waits for its answer
const call = (c) => new Promise((resolve) => { const id = next++; const hold = setInterval(() => {}, 1000); pending.set(id, (r) => { clearInterval(hold); resolve(r); }); send({ type: "service.call", id, ...c }); });
const uid = String(config.programUid);
const run = (args) => new Promise((resolve) => {
  const child = spawn("setpriv", ["--reuid", uid, "--regid", uid, "--clear-groups", "--inh-caps=-all", "--", "sh", "-c", config.run + ' "$@"', "sh", ...args], { cwd: config.workDir, env: { PATH: process.env.PATH, LANG: "C.UTF-8", HOME: "/tmp" } });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  child.on("close", () => resolve(out.trim()));
});
const slug = config.stages[0];
send({ type: "stage.started", slug });
const started = Date.now();
let failure = null;
for (const step of STEPS) {
  let got;
  if (step.run) got = await run(step.run);
  else {
    const r = await call({ service: step.call, op: step.op, ...(step.argv ? { argv: step.argv } : {}), ...(step.stdin ? { stdin: step.stdin } : {}) });
    got = !r.ok ? "error: " + r.error : step.op === "exec" ? (r.exec.code + ":" + r.exec.stdout.trim() + (r.exec.code ? r.exec.stderr.trim() : "")) : step.op === "state" ? r.state : "ok";
  }
  const want = step.expect ?? "ok";
  const what = step.run ? "run " + step.run.join(" ") : step.call + "." + step.op;
  send({ type: "stage.log", slug, source: "harness", line: what + " -> " + got });
  if (got !== want) { failure = what + ": expected " + JSON.stringify(want) + ", got " + JSON.stringify(got); break; }
}
const durationMs = Date.now() - started;
if (failure) send({ type: "stage.failed", slug, status: "failed", durationMs, message: failure });
else send({ type: "stage.passed", slug, durationMs });
send({ type: "harness.done" });
process.exit(0);
`;
