import { describe, it, expect as vexpect } from "vitest";
import { freePort, program, runOne } from "../test/helpers.ts";
import { defineStage } from "./stage.ts";

const behave = program("behave.mjs");

describe("program.run", () => {
  it("passes a stage whose program prints what is expected, and forwards its output", async () => {
    const stage = defineStage({
      slug: "echo",
      async run({ program, expect, log }) {
        log.step("$ ./your_program hello world");
        const r = await program.run(["hello", "world"]);
        expect(r.stdout).toEqual("hello world\n");
        expect(r.exitCode).toBe(0);
        log.pass("echoed");
      },
    });
    const ran = await runOne(stage, program("echo.mjs"));
    vexpect(ran.outcome.status).toBe("passed");
    vexpect(ran.logs("program")).toEqual(["hello world"]);
    vexpect(ran.logs("harness")).toEqual(["$ ./your_program hello world", "✓ echoed"]);
    vexpect(ran.messages[0]).toEqual({ type: "stage.started", slug: "echo" });
    vexpect(ran.messages.at(-1)?.type).toBe("stage.passed");
  });

  it("measures the CPU time of the program's whole process tree, which sleeping does not use", async () => {
    let busy: number | undefined;
    let sleeper: { cpuMs?: number; durationMs: number } | undefined;
    const stage = defineStage({
      slug: "cpu",
      async run({ program }) {
        // the work happens in a grandchild (a shell loop under sh -c), reaped by its parent
        busy = (await program.run(["-c", "sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'"])).cpuMs;
        sleeper = await program.run(["-c", "sleep 0.4"]);
      },
    });
    const ran = await runOne(stage, "sh");
    vexpect(ran.outcome.status).toBe("passed");
    vexpect(busy).toBeGreaterThanOrEqual(100);
    vexpect(sleeper?.cpuMs).toBeLessThan((busy ?? 0) / 4);
    vexpect(sleeper?.cpuMs).toBeLessThan((sleeper?.durationMs ?? 0) / 2);
  });

  it("fails a wrong output with the author's message, a diff and the hint", async () => {
    const stage = defineStage({
      slug: "greet",
      async run({ program, expect }) {
        const r = await program.run(["Hello", "BSOD!"]);
        expect(r.stdout, { message: "your program must print the greeting", hint: "mind the comma" }).toEqual(
          "Hello, BSOD!\n",
        );
      },
    });
    const ran = await runOne(stage, program("echo.mjs"));
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.outcome.message).toBe(
      'your program must print the greeting\nexpected "Hello, BSOD!\\n", got "Hello BSOD!\\n"',
    );
    vexpect(ran.outcome.hint).toBe("mind the comma");
  });

  it("passes stdin and extra env, and scrubs the harness's environment", async () => {
    process.env.BSOD_SECRET = "do-not-leak";
    try {
      const stage = defineStage({
        slug: "env",
        async run({ program, expect }) {
          const up = await program.run(["cat"], { stdin: "shout\n" });
          expect(up.stdout).toBe("SHOUT\n");
          const env = JSON.parse((await program.run(["env"], { env: { EXTRA: "1" } })).stdout);
          expect(env.secret).toBe(null);
          expect(env.extra).toBe("1");
        },
      });
      const ran = await runOne(stage, behave);
      vexpect(ran.outcome).toMatchObject({ status: "passed" });
    } finally {
      delete process.env.BSOD_SECRET;
    }
  });

  it("reports a crash by signal as crashed, naming the signal", async () => {
    const stage = defineStage({
      slug: "segv",
      async run({ program }) {
        await program.run(["segv"]);
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("crashed");
    vexpect(ran.outcome.message).toMatch(/was killed by signal SIGSEGV \(segmentation fault/);
  });

  it("reports a non-zero exit as crashed with the end of stderr", async () => {
    const stage = defineStage({
      slug: "exit",
      async run({ program }) {
        await program.run(["exit3"]);
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("crashed");
    vexpect(ran.outcome.message).toBe(
      "your program (run with arguments exit3) exited with code 3\nlast lines on stderr:\nsomething went wrong\nassertion failed: x > 0",
    );
  });

  it("lets the author look at a non-zero exit with check: false", async () => {
    const stage = defineStage({
      slug: "exit-ok",
      async run({ program, expect }) {
        const r = await program.run(["exit3"], { check: false });
        expect(r.exitCode).toBe(3);
      },
    });
    vexpect((await runOne(stage, behave)).outcome.status).toBe("passed");
  });

  it("keeps the exit status through a compound run command (the shell's 128+n)", async () => {
    const stage = defineStage({
      slug: "compound",
      async run({ program }) {
        await program.run(["segv"]);
      },
    });
    const ran = await runOne(stage, `cd . && ${behave}`);
    vexpect(ran.outcome.message).toMatch(/signal SIGSEGV/);
  });

  it("times out a run that exceeds its own limit", async () => {
    const stage = defineStage({
      slug: "slow",
      async run({ program }) {
        await program.run(["hang"], { timeoutMs: 300 });
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("timeout");
    vexpect(ran.outcome.message).toBe("your program did not finish within 300 ms (run with arguments hang)");
  });

  it("stops a flood of output at the limit with output_limit", async () => {
    const stage = defineStage({
      slug: "flood",
      async run({ program }) {
        await program.run(["flood"], { logStdout: false });
      },
    });
    const ran = await runOne(stage, behave, { outputBytes: 256 * 1024 });
    vexpect(ran.outcome.status).toBe("output_limit");
    vexpect(ran.outcome.message).toBe("your program printed more than 262144 bytes during this stage and was stopped");
  });

  it("caps the program lines forwarded to the log", async () => {
    const stage = defineStage({
      slug: "many-lines",
      async run({ program }) {
        await program.run([Array.from({ length: 300 }, (_, i) => `line ${i}`).join("\n")]);
      },
    });
    const ran = await runOne(stage, program("echo.mjs"));
    vexpect(ran.outcome.status).toBe("passed");
    vexpect(ran.logs("program")).toHaveLength(200);
    vexpect(ran.logs("harness")).toEqual(["… more output from your program is not shown"]);
  });

  it("shows program output that looks like protocol messages only as log lines", async () => {
    const stage = defineStage({
      slug: "forge",
      async run({ program }) {
        await program.run(["forge"]);
        throw new (await import("./errors.ts")).ExpectationFailed("still failing");
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.messages.filter((m) => m.type === "stage.passed" || m.type === "harness.done")).toEqual([]);
    vexpect(ran.logs("program")[0]).toContain('"type":"stage.passed"');
  });
});

describe("stage time limit", () => {
  it("reports timeout even when the test code ignores the abort signal", async () => {
    const stage = defineStage({
      slug: "stuck",
      async run({ log }) {
        log.step("waiting for Godot");
        await new Promise(() => {}); // never settles, never looks at the signal
      },
    });
    const ran = await runOne(stage, behave, { stageTimeoutMs: 300 });
    vexpect(ran.outcome.status).toBe("timeout");
    vexpect(ran.outcome.message).toBe("the stage did not finish within 300 ms (last step: waiting for Godot)");
  });

  it("kills a hanging program when the stage times out, and aborts the signal", async () => {
    let aborted = false;
    let pid = 0;
    const stage = defineStage({
      slug: "hang",
      async run({ program, signal }) {
        signal.addEventListener("abort", () => {
          aborted = true;
        });
        const p = await program.start(["hang"]);
        pid = p.pid;
        await p.wait({ timeoutMs: 60_000 });
      },
    });
    const ran = await runOne(stage, behave, { stageTimeoutMs: 400 });
    vexpect(ran.outcome.status).toBe("timeout");
    vexpect(aborted).toBe(true);
    vexpect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it("uses the stage's own shorter timeoutMs", async () => {
    const stage = defineStage({
      slug: "short",
      timeoutMs: 200,
      async run() {
        await new Promise(() => {});
      },
    });
    const ran = await runOne(stage, behave, { stageTimeoutMs: 60_000 });
    vexpect(ran.outcome.message).toBe("the stage did not finish within 200 ms");
  });
});

describe("test code errors", () => {
  it("turns an exception in the test code into internal_error", async () => {
    const stage = defineStage({
      slug: "buggy",
      async run() {
        const o: { a?: { b: number } } = {};
        return void (o.a as { b: number }).b;
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("internal_error");
    vexpect(ran.outcome.message).toMatch(/^the stage's test code failed \(TypeError: .*\); this is a bug in the stage/);
  });

  it("reports a metric for performance stages", async () => {
    const stage = defineStage({
      slug: "perf",
      run: () => ({ metric: { name: "ops", value: 42, unit: "ops/s", better: "higher" as const } }),
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.messages.at(-1)).toMatchObject({ type: "stage.passed", metric: { name: "ops", value: 42 } });
  });
});

describe("program.start and connect", () => {
  it("fails clearly when the program never listens", async () => {
    const port = await freePort();
    const stage = defineStage({
      slug: "no-listen",
      async run({ program }) {
        await program.start(["hang"]);
        await program.connect(port, { timeoutMs: 500 });
      },
    });
    const ran = await runOne(stage, behave);
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.outcome.message).toBe(`your program did not listen on port ${port} within 500 ms`);
    vexpect(ran.outcome.hint).toContain(`listen on TCP port ${port}`);
  });

  it("reports a server that crashes while the test talks to it as crashed", async () => {
    const port = await freePort();
    const stage = defineStage({
      slug: "crash",
      async run({ program }) {
        await program.start([String(port), "crash"]);
        const c = await program.connect(port);
        await c.send(["PING"]);
      },
    });
    const ran = await runOne(stage, program("server.mjs"));
    vexpect(ran.outcome.status).toBe("crashed");
    vexpect(ran.outcome.message).toMatch(/stopped while the test still needed it: .*|was killed by signal SIGSEGV/);
    vexpect(ran.outcome.message).toContain("SIGSEGV");
    vexpect(ran.logs("program")).toContain(`listening on ${port} (crash)`);
  });

  it("fails a server that exits with code 0 while it was still needed", async () => {
    const port = await freePort();
    const stage = defineStage({
      slug: "quits",
      async run({ program }) {
        await program.start([String(port), "exit"]);
        await new Promise(() => {});
      },
    });
    const ran = await runOne(stage, program("server.mjs"));
    vexpect(ran.outcome.status).toBe("failed");
    vexpect(ran.outcome.message).toBe(
      `your program (started with arguments ${port} exit) stopped while the test still needed it: it exited with code 0`,
    );
  });

  it("talks JSON lines to a program over stdin/stdout", async () => {
    const stage = defineStage({
      slug: "jsonl",
      async run({ program, expect }) {
        const p = await program.start(["lines"], { logStdout: false });
        await p.writeLine("hello");
        expect(await p.readJson()).toEqual({ line: "hello", length: 5 });
        await p.sendJson({ x: 1 });
        expect(await p.readJson()).toEqual({ line: '{"x":1}', length: 7 });
        p.closeStdin();
        await p.wait();
      },
    });
    vexpect((await runOne(stage, behave)).outcome).toMatchObject({ status: "passed" });
  });
});
