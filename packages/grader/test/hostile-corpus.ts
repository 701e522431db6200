// runGrading against programs that try to hurt the grader: every one ends in a verdict, in a
// container that is gone afterwards, and the next job is served. Under vm the program runs as
// root in a guest machine of its own: where a check is by nature different there (its own
// kernel's surfaces, its own /etc/hosts and /proc), the guest-level variant is asserted.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { DEFAULT_VM, type GradeJob, VM_RUNNER_IMAGE, type VmSpec } from "@bsod/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { LABEL } from "../src/sandbox/container-spec.ts";
import { fixtureHarness } from "../src/testing/fixture-harness.ts";
import {
  makeJob as baseJob,
  containerProcesses,
  type Graded,
  grade as gradeIn,
  programLines,
  pythonSource,
  sandboxContainers,
  testPool,
  until,
} from "../src/testing/helpers.ts";

const anyOutput = fixtureHarness({ one: {} });
const ok = fixtureHarness({ one: { expect: "ok" } });

/** The guest of the vm runs: small, so that several boot side by side under emulation. */
const GUEST: VmSpec = { ...DEFAULT_VM, memoryMb: 128 };

/**
 * The adversarial corpus, against a pool of the given runtime: grading-hostile.test.ts runs it
 * under runc (the default), grading-hostile-gvisor.test.ts under gVisor (runsc),
 * grading-hostile-vm.test.ts in the vm runtime (qemu in a runc container; TCG where KVM does
 * not boot guests).
 */
export function hostileCorpus(runtime: "runc" | "runsc" | "vm"): void {
  const vm = runtime === "vm";
  const workerId = `test-hostile-${runtime}-${randomBytes(4).toString("hex")}`;
  // vm: a warm guest per spec boots while the other cases run (most share the default spec)
  const pool = testPool(workerId, `test-${workerId}`, vm ? 1 : 0, vm ? "runc" : runtime);
  afterAll(() => pool.close());
  /** A job for this runtime: under vm the vm runner and a small guest, with time for emulation. */
  const makeJob = (o: Partial<GradeJob> = {}): GradeJob =>
    baseJob(
      vm ? { ...o, image: VM_RUNNER_IMAGE, vm: GUEST, limits: { stageTimeoutMs: 30_000, ...o.limits } as never } : o,
    );
  const containers = new Set<string>();
  const grade = async (...args: Parameters<typeof gradeIn>): Promise<Graded> => {
    const graded = await gradeIn(...args);
    for (const id of graded.containerIds) containers.add(id);
    return graded;
  };
  if (vm) pool.prewarm({ image: VM_RUNNER_IMAGE, limits: makeJob().limits, vm: GUEST });

  describe.concurrent(`hostile programs (${runtime})`, () => {
    it("stops an infinite loop at the stage time limit: timeout", async () => {
      const job = makeJob({ limits: { stageTimeoutMs: 1_000 } as never });
      const { result } = await grade(pool, job, pythonSource("while True:\n    pass\n"), anyOutput);
      expect(result.stages[0]).toMatchObject({ slug: "one", status: "timeout" });
    });

    it("reports a 2 GB memory hog as memory_limit", async () => {
      // generous time limits: on a busy machine (gVisor especially) the OOM killer can take
      // seconds to strike, and the verdict must still be memory_limit, not timeout
      const job = makeJob({ limits: { memoryMb: 128, stageTimeoutMs: 30_000 } as never });
      const { result, events } = await grade(
        pool,
        job,
        pythonSource("s = b'x' * (2 * 1024**3)\nprint(len(s))\n"),
        anyOutput,
      );
      expect(result.status, JSON.stringify(result.stages[0])).toBe("memory_limit");
      // in a vm the guest's OOM killer strikes, and the harness says so
      expect(result.stages[0]?.message).toContain(vm ? "out of memory" : "128 MB");
      expect(events.at(-1)).toMatchObject({ type: "stage.failed", status: "memory_limit" });
    });

    it("reports a memory hog in the build as memory_limit", async () => {
      const job = makeJob({
        build: "python3 -c \"s = b'x' * (2 * 1024**3)\"",
        limits: { memoryMb: 128, buildTimeoutMs: 30_000 } as never,
      });
      const { result } = await grade(pool, job, pythonSource(""), anyOutput);
      expect(result.build.status).toBe("memory_limit");
      expect(result.status).toBe("memory_limit");
    });

    it("stops a build printing 1 GB at the output cap: output_limit", async () => {
      const job = makeJob({ build: "head -c 1000000000 /dev/zero | tr '\\0' 'x' | fold -w 1000" });
      const { result, events } = await grade(pool, job, pythonSource(""), anyOutput);
      expect(result.build.status).toBe("output_limit");
      expect(result.build.message).toContain("1 MB");
      // only what fits under the cap reached the log
      expect(events.filter((e) => e.type === "build.log").length).toBeLessThanOrEqual(1_100);
    });

    it("stops a program printing 1 GB at the output cap: output_limit", async () => {
      const src = pythonSource(
        "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(1024 * 1024):\n    sys.stdout.write(line)\n",
      );
      const { result } = await grade(pool, makeJob(), src, anyOutput);
      expect(result.stages[0]).toMatchObject({ status: "output_limit" });
    });

    it("survives a fork bomb with a verdict, and serves the next job", async () => {
      const job = makeJob({
        // it never ends by itself: either the stage time limit stops it, or the shell gives up on fork
        run: "bomb() { bomb | bomb & }; bomb; sleep 30",
        limits: { pids: 64, stageTimeoutMs: 2_000 } as never,
      });
      const { result } = await grade(pool, job, pythonSource(""), anyOutput);
      expect(["timeout", "crashed"]).toContain(result.status);
      const next = await grade(pool, makeJob(), pythonSource("print('ok')\n"), ok);
      expect(next.result.status).toBe("passed");
    });

    it("lets a program fill the work dir only up to its size, and says so", async () => {
      const job = makeJob({ limits: { workDirMb: 8 } as never });
      const src = pythonSource(
        "with open('big', 'wb') as f:\n    for _ in range(100):\n        f.write(b'x' * 1024 * 1024)\n",
      );
      const { result, events } = await grade(pool, job, src, anyOutput);
      expect(result.status).toBe("crashed");
      expect(programLines(events).join("\n")).toContain("No space left on device");
      const next = await grade(pool, makeJob(), pythonSource("print('ok')\n"), ok);
      expect(next.result.status).toBe("passed");
    });

    it("gives the program no network but loopback", async () => {
      // Interfaces and routing tables only: no packet is aimed at anything but loopback.
      const src = pythonSource(
        [
          "import os, socket",
          "routes = open('/proc/net/route').read().splitlines()[1:]",
          "try:",
          "    v6 = {l.split()[-1] for l in open('/proc/net/ipv6_route').read().splitlines()} - {'lo'}",
          "except FileNotFoundError:",
          "    v6 = set()",
          "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); c = socket.create_connection(s.getsockname())",
          "via = sorted({(r.split()[0], r.split()[1], r.split()[2]) for r in routes})",
          "print(sorted(os.listdir('/sys/class/net')), len(routes), sorted(v6), 'loopback-ok', via)",
        ].join("\n"),
      );
      // In a vm the guest has one more interface: eth0, qemu's user network with restrict=on,
      // which carries only the harness's forwarded ports. It has its link route (10.0.2.0/24,
      // no gateway) and nothing else: no default route, no IPv6. qemu runs in a container with
      // loopback only, so nothing behind that link leads anywhere.
      const line = vm
        ? "['eth0', 'lo'] 1 [] loopback-ok [('eth0', '0002000A', '00000000')]"
        : "['lo'] 0 [] loopback-ok []";
      const { result, events } = await grade(pool, makeJob(), src, fixtureHarness({ one: { expect: line } }));
      expect(programLines(events)).toEqual([line]);
      expect(result.status).toBe("passed");
    });

    const surfaces = vm
      ? "gives the program its own kernel's surfaces (io_uring, bpf, userfaultfd, namespaces), with the sandbox's rlimits"
      : "refuses the kernel surfaces no stage needs (io_uring, bpf, userfaultfd, perf, keys, namespaces, ptrace)";
    it(surfaces, async () => {
      // Raw system calls through libc, as a C program would make them; each must fail.
      // runc applies bsod's profile: EPERM, and ENOSYS for clone3 so that libc falls back to clone.
      // gVisor answers every call from its own kernel, never the host's: it has no bpf, userfaultfd,
      // perf or keyrings at all, and its io_uring, namespaces and ptrace are its own emulation
      // (not asked for there: a PTRACE_TRACEME that works makes the rest of the run a debuggee).
      const gvisorOwn = ["io_uring_setup", "unshare", "ptrace"];
      const all: Array<[string, string]> = [
        ["io_uring_setup", "425, 1, ctypes.byref(ctypes.create_string_buffer(120))"],
        ["bpf", "321, 0, None, 0"],
        ["userfaultfd", "323, 0"],
        ["perf_event_open", "298, ctypes.byref(ctypes.create_string_buffer(128)), 0, -1, -1, 0"],
        ["keyctl", "250, 0, 0"],
        ["unshare", "272, 0x10000000"],
        ["ptrace", "101, 0, 0, 0, 0"],
        ["clone3", "435, None, 0"],
      ];
      // In a vm they are the point: the guest's kernel is the program's own, and it is root there.
      const guestOwn: Array<[string, string]> = [
        ["io_uring_setup", "425, 1, ctypes.byref(ctypes.create_string_buffer(120))"],
        ["bpf", "321, 0, ctypes.byref(ctypes.create_string_buffer(struct.pack('IIII', 2, 4, 4, 1), 72)), 72"],
        ["userfaultfd", "323, 0"],
        ["unshare", "272, 0x20000"],
      ];
      const calls = vm ? guestOwn : all.filter(([name]) => runtime === "runc" || !gvisorOwn.includes(name));
      const src = pythonSource(
        [
          "import ctypes, errno, os, platform, resource, struct",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "libc.syscall.restype = ctypes.c_long",
          "print('kernel', platform.release())",
          ...calls.map(
            ([name, args]) =>
              `r = libc.syscall(${args}); print('${name}', 'refused' if r == -1 else 'ALLOWED', errno.errorcode.get(ctypes.get_errno(), '?') if r == -1 else r)`,
          ),
          "pid = os.fork()",
          "if pid == 0: os._exit(0)",
          "os.waitpid(pid, 0); print('fork works')",
          "print('core', resource.getrlimit(resource.RLIMIT_CORE))",
          "print('nofile', resource.getrlimit(resource.RLIMIT_NOFILE))",
        ].join("\n"),
      );
      const { result, events } = await grade(pool, makeJob(), src, anyOutput);
      const lines = programLines(events);
      expect(result.status, lines.join("\n")).toBe("passed");
      for (const [name] of calls) {
        const want = vm
          ? "ALLOWED \\d+"
          : `refused ${runtime === "runc" ? (name === "clone3" ? "ENOSYS" : "EPERM") : "\\w+"}`;
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${name} ${want}$`)));
      }
      // the guest runs the runner image's kernel (Debian's cloud kernel), not the host's
      if (vm) expect(lines).toContainEqual(expect.stringMatching(/^kernel .*-cloud-amd64$/));
      expect(lines).toContain("fork works");
      expect(lines).toContain("core (0, 0)");
      expect(lines).toContain("nofile (8192, 8192)");
    });

    const hostsFile = vm
      ? "resolves localhost to the loopback address, from the guest's own /etc/hosts"
      : "resolves localhost to the loopback address, from an /etc/hosts the program cannot change";
    it(hostsFile, async () => {
      const src = pythonSource(
        [
          "import socket",
          "addrs = sorted({a[4][0] for a in socket.getaddrinfo('localhost', 80, proto=socket.IPPROTO_TCP)})",
          "s = socket.create_server(('localhost', 0)); c = socket.create_connection(('127.0.0.1', s.getsockname()[1]))",
          "try:",
          "    open('/etc/hosts', 'a').write('6.6.6.6 localhost')",
          "    hosts = 'hosts-writable'",
          "except OSError:",
          "    hosts = 'hosts-read-only'",
          "print(addrs, 'listening-on-localhost-ok', hosts)",
        ].join("\n"),
      );
      // in a vm the file is the guest's, and the program is root on its own machine
      const line = `['127.0.0.1'] listening-on-localhost-ok ${vm ? "hosts-writable" : "hosts-read-only"}`;
      const { result, events } = await grade(pool, makeJob(), src, fixtureHarness({ one: { expect: line } }));
      expect(programLines(events)).toEqual([line]);
      expect(result.status).toBe("passed");
    });

    it("keeps the harness and its secrets out of the program's reach", async () => {
      // A secret of the worker's (its environment) and one of the harness's (the seed it
      // generates inputs from) must not be found anywhere the program can read.
      const canary = `canary-${randomBytes(8).toString("hex")}`;
      process.env.BSOD_TEST_WORKER_SECRET = canary;
      const seed = `seed-${randomBytes(8).toString("hex")}`;
      // In a vm the program is root on its own machine: every process there is its own to signal
      // and read. The harness is outside: no process in the guest is it (or Node at all), its
      // bundle is not there, and no secret is in the guest's processes, kernel command line or files.
      const guestChecks = [
        "cmdlines = [open(f'/proc/{p}/cmdline', 'rb').read() for p in procs if os.path.exists(f'/proc/{p}/cmdline')]",
        "checks['no harness in the guest'] = not any(b'node' in c or b'harness' in c or b'supervisor' in c for c in cmdlines)",
        "checks['its init is the agent'] = open('/proc/1/cmdline', 'rb').read().startswith(b'/sbin/bsod-agent')",
      ];
      const src = pythonSource(
        [
          "import os",
          `GUEST = ${vm ? "True" : "False"}`,
          "def denied(path, mode='rb'):",
          "    try:",
          "        open(path, mode).close()",
          "        return False",
          "    except OSError:",
          "        return True",
          "def refused(pid):",
          "    try:",
          "        os.kill(pid, 0)",
          "        return False",
          "    except PermissionError:",
          "        return True",
          "procs = [p for p in os.listdir('/proc') if p.isdigit()]",
          "roots = [p for p in procs if os.stat('/proc/' + p).st_uid == 0]",
          "def unlistable(path):",
          "    try:",
          "        os.listdir(path)",
          "        return False",
          "    except OSError:",
          "        return True",
          "checks = {'bundle': denied('/bsod/harness.mjs'), 'bsod dir': unlistable('/bsod')}",
          ...(vm ? guestChecks : []),
          "for p in ([] if GUEST else roots):",
          "    checks[p + ' mem'] = denied(f'/proc/{p}/mem')",
          "    checks[p + ' signal'] = refused(int(p))",
          "    for fd in (0, 1, 2):",
          "        checks[f'{p} fd{fd}'] = denied(f'/proc/{p}/fd/{fd}') and denied(f'/proc/{p}/fd/{fd}', 'wb')",
          "    if os.environ.get('STRICT_PROC') == '1':",
          "        checks[p + ' environ'] = denied(f'/proc/{p}/environ')",
          "failed = [k for k, v in checks.items() if not v]",
          "print('ok' if not failed and (GUEST or len(roots) >= 2) else f'reachable: {failed} roots={roots}')",
          "seen = [repr(dict(os.environ))]",
          "for p in procs:",
          "    for f in ('environ', 'cmdline'):",
          "        try:",
          "            seen.append(open(f'/proc/{p}/{f}', 'rb').read().hex())",
          "        except OSError:",
          "            pass",
          "for d in (['/proc/cmdline', '/work', '/tmp', '/etc', '/run', '/root'] if GUEST else []):",
          "    for f in ([d] if os.path.isfile(d) else [os.path.join(r, n) for r, _, ns in os.walk(d) for n in ns]):",
          "        try:",
          "            seen.append(open(f, 'rb').read(1 << 20).hex())",
          "        except OSError:",
          "            pass",
          "print('seen ' + ' '.join(seen))",
        ].join("\n"),
      );
      // runc denies reading another user's /proc/<pid>/environ; gVisor's procfs (2022) does not,
      // so there the check is what matters: nothing secret is in it.
      const run = runtime === "runc" ? "STRICT_PROC=1 python3 -u main.py" : "python3 -u main.py";
      const { result, events } = await grade(pool, makeJob({ seed, run }), src, anyOutput);
      delete process.env.BSOD_TEST_WORKER_SECRET;
      const [verdict, seen = ""] = programLines(events);
      expect(verdict).toBe("ok");
      expect(seen.length).toBeGreaterThan(100);
      for (const secret of [canary, seed]) {
        expect(seen).not.toContain(secret);
        expect(seen).not.toContain(Buffer.from(secret).toString("hex"));
      }
      expect(result.status).toBe("passed");
    });

    it("does not let a program forge harness messages on its stdout", async () => {
      const fake = [
        JSON.stringify({ type: "stage.passed", slug: "one", durationMs: 1 }),
        JSON.stringify({ type: "harness.done" }),
      ];
      const src = pythonSource(fake.map((l) => `print(${JSON.stringify(l)})`).join("\n"));
      const { result, events } = await grade(pool, makeJob(), src, fixtureHarness({ one: { expect: "PONG" } }));
      expect(result.status).toBe("failed");
      expect(programLines(events)).toEqual(fake);
    });

    it("ends a double-forking daemon with the container", async () => {
      const marker = `${4000 + Math.floor(Math.random() * 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
      const src = pythonSource(
        [
          "import os",
          "if os.fork() == 0:",
          "    os.setsid()",
          "    if os.fork() == 0:",
          "        fd = os.open('/dev/null', os.O_RDWR)",
          "        for i in (0, 1, 2): os.dup2(fd, i)",
          `        os.execvp('sleep', ['sleep', '${marker}'])`,
          "    os._exit(0)",
          "os.wait()",
          "print('ok')",
        ].join("\n"),
      );
      const { result, containerIds } = await grade(
        pool,
        makeJob(),
        src,
        fixtureHarness({ one: { expect: "ok" } }, { leaveProcesses: true }),
      );
      expect(result.status).toBe("passed");
      // The result is published before the container is removed: wait for the removal itself.
      await until("the sandbox to be removed", async () =>
        (await sandboxContainers({ [LABEL.worker]: workerId })).every((c) => !containerIds.includes(c.Id)),
      );
      // pgrep, not a whole `ps` listing: on a busy host that overflowed the output buffer.
      const found = spawnSync("pgrep", ["-f", `sleep ${marker}`], { encoding: "utf8" });
      expect(found.stdout.trim(), "the daemon's sleep outlived its sandbox").toBe("");
      // nothing of the sandbox lives on (in a vm: qemu, and with it the guest and its daemon)
      expect(containerProcesses(containerIds)).toEqual([]);
    });

    it("keeps symlinks from the source archive inside the sandbox", async () => {
      const src = pythonSource(
        [
          "import os",
          "out = []",
          "try:",
          "    open('shadow').read(); out.append('read-shadow')",
          "except PermissionError:",
          "    out.append('shadow-denied')",
          "except FileNotFoundError:",
          "    out.append('no-shadow')",
          "try:",
          "    open('root/etc/bsod-escape', 'w').write('x'); out.append('wrote-root')",
          "except OSError:",
          "    out.append('root-readonly')",
          "try:",
          "    open('root/usr/bsod-escape', 'w').write('x'); out.append('wrote-usr')",
          "except OSError:",
          "    out.append('usr-readonly')",
          "print(' '.join(out), os.readlink('root'))",
        ].join("\n"),
        [
          { name: "shadow", symlink: "/etc/shadow" },
          { name: "root", symlink: "/" },
        ],
      );
      const { result, events } = await grade(pool, makeJob(), src, anyOutput);
      // In a vm a link leads into the guest, which has none of the host's files; its root
      // filesystem is the program's own machine's, and the userland it shares is read-only.
      const line = vm ? "no-shadow wrote-root usr-readonly /" : "shadow-denied root-readonly usr-readonly /";
      expect(programLines(events)).toEqual([line]);
      expect(result.status).toBe("passed");
    });
  });

  describe(`after the hostile runs (${runtime})`, () => {
    it("left no sandbox container of this worker behind, nor a process of one (qemu included)", async () => {
      await pool.close();
      expect(await sandboxContainers({ [LABEL.worker]: workerId })).toEqual([]);
      expect(containerProcesses([...containers])).toEqual([]);
    });
  });
}
