// The vm runtime end to end: the harness in the sandbox container, the program in a guest
// machine booted by qemu inside that container (software emulation here), graded by the same
// engine as every other run, with the same verdicts and run events.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_LIMITS,
  type LoadedTrack,
  type NewRunEvent,
  runMachine,
  StageManifest,
  VM_RUNNER_IMAGE,
} from "@bsod/contracts";
import { LABEL, LocalGrader, probeKvm } from "@bsod/grader";
import { docker, until } from "@bsod/grader/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { bundleTrack } from "../src/bundle.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "vm-track");
const track: LoadedTrack = {
  manifest: { slug: "vm", title: "VM", summary: "vm runtime checks", languages: ["c"] },
  dir,
  stages: readdirSync(join(dir, "stages"))
    .sort()
    .map((name, i) => ({
      ...StageManifest.parse(parse(readFileSync(join(dir, "stages", name, "stage.yaml"), "utf8"))),
      slug: name.replace(/^\d+-/, ""),
      dir: join(dir, "stages", name),
      readme: "",
      position: i + 1,
    })),
};

let code = "";
const grader = new LocalGrader();
beforeAll(async () => {
  code = (await bundleTrack(track)).code;
});
afterAll(() => grader.close());

const C = {
  language: "c",
  image: "bsod/runner-c:latest",
  build: "mkdir -p /work/.bsod-build && gcc -O2 -Wall -o /work/.bsod-build/app main.c",
  run: "/work/.bsod-build/app",
};

const KERNEL = (mode: number) => ({
  language: "asm",
  image: "bsod/runner-asm:latest",
  build: `nasm -f elf32 -DMODE=${mode} -o /tmp/k.o kernel.asm && ld -m elf_i386 -Ttext 0x100000 -o kernel.elf /tmp/k.o`,
  run: "unused: the kernel is the program",
});

function grade(
  stages: string[],
  opts: { vm: boolean; program?: string; commands?: typeof C; attack?: number; stageTimeoutMs?: number },
) {
  const vm = opts.vm
    ? runMachine(
        track.manifest,
        track.stages.filter((s) => stages.includes(s.slug)),
      )
    : undefined;
  return grader.grade({
    dir: join(dir, opts.program ?? "program"),
    commands: opts.attack
      ? { ...C, build: C.build.replace("gcc", `gcc -DATTACK=${opts.attack}`) }
      : (opts.commands ?? C),
    harness: code,
    stages,
    limits: { ...DEFAULT_LIMITS, memoryMb: 256, stageTimeoutMs: opts.stageTimeoutMs ?? 30_000 },
    vm,
  });
}

/** The run's events without what differs by nature between two runs (times, the program's words). */
function shape(events: NewRunEvent[]) {
  return events.map((e) => (e.type === "stage.log" ? `${e.type}:${e.source}` : e.type));
}

// Each test boots one to three guests under software emulation; on a loaded 2-core machine a
// boot alone has taken 20 s.
vi.setConfig({ testTimeout: 300_000 });

const sandboxes = () =>
  docker.listContainers({ all: true, filters: { label: [`${LABEL.worker}=cli-${process.pid}`] } });

describe("the vm runtime", () => {
  it("runs a stage's program in a guest kernel (its files and its server too), with the verdicts and events of a container run", async () => {
    const [inVm, inContainer] = [
      await grade(["hello", "files", "serve"], { vm: true }),
      await grade(["hello", "files", "serve"], { vm: false }),
    ];
    expect(inVm.result.status).toBe("passed");
    expect(inContainer.result.status).toBe("passed");
    expect(shape(inVm.events)).toEqual(shape(inContainer.events));
    const said = (events: NewRunEvent[]) =>
      events.flatMap((e) => (e.type === "stage.log" && e.line.startsWith("the program says") ? [e.line] : []));
    // the guest runs Debian's cloud kernel; the container shares the host's
    expect(said(inVm.events)[0]).toMatch(/pong from .*-cloud-amd64$/);
    expect(said(inContainer.events)[0]).not.toMatch(/cloud-amd64/);
    await until("the sandboxes (and the qemu in one) are gone", async () => (await sandboxes()).length === 0);
  });
});

const verdict = (r: Awaited<ReturnType<typeof grade>>) => {
  const s = r.result.stages.at(-1);
  return { status: s?.status, message: s?.message ?? "" };
};

describe("KVM or software emulation", () => {
  it("uses KVM only where a guest really boots under it, and says why not", async () => {
    const choice = await probeKvm(docker, VM_RUNNER_IMAGE, `kvm-probe-${process.pid}`);
    if (choice.accel === "kvm") expect(choice.kvmGid).toEqual(expect.any(Number));
    else expect(choice.why).toMatch(/did not boot under KVM|no \/dev\/kvm|no KVM device/);
    await until(
      "the probe's container is gone",
      async () =>
        (await docker.listContainers({ all: true, filters: { label: [`${LABEL.worker}=kvm-probe`] } })).length === 0,
    );
  });
});

describe("a kernel of the participant's own", () => {
  it("boots the build's kernel: serial on stdout, its status through isa-debug-exit", async () => {
    const ok = await grade(["own-kernel"], { vm: true, program: "kernel", commands: KERNEL(0) });
    expect(ok.result.status).toBe("passed");
    expect(ok.events).toContainEqual(
      expect.objectContaining({ type: "stage.log", source: "program", line: "hello from my kernel" }),
    );
    const seven = await grade(["own-kernel"], { vm: true, program: "kernel", commands: KERNEL(3) });
    expect(verdict(seven)).toMatchObject({ status: "crashed", message: expect.stringContaining("exited with code 7") });
  });

  it("reports a triple fault as such, with the last serial lines, and a hung kernel as a timeout", async () => {
    const fault = await grade(["own-kernel"], { vm: true, program: "kernel", commands: KERNEL(1) });
    expect(verdict(fault).status).toBe("crashed");
    expect(verdict(fault).message).toContain("triple fault");
    expect(verdict(fault).message).toContain("hello from my kernel");
    // a busy loop with interrupts off: nothing inside the guest ends it; the stage's limit does
    const hung = await grade(["own-kernel"], {
      vm: true,
      program: "kernel",
      commands: KERNEL(2),
      stageTimeoutMs: 3_000,
    });
    expect(verdict(hung).status).toBe("timeout");
    await until("the sandboxes (and their qemu) are gone", async () => (await sandboxes()).length === 0);
  });
});

describe("a stock guest that dies under the stage", () => {
  it("reports a kernel panic as such, with the last serial lines, not as a hang", async () => {
    const r = await grade(["hello"], { vm: true, attack: 1 });
    expect(verdict(r).status).toBe("crashed");
    expect(verdict(r).message).toContain("the machine's kernel panicked");
    expect(verdict(r).message).toContain("sysrq triggered crash");
    await until("the sandbox (and its qemu) is gone", async () => (await sandboxes()).length === 0);
  });
});

describe("a kernel of its own for the stock guest", () => {
  it("lets the program load eBPF and use io_uring there, which the container runtime refuses", async () => {
    const inVm = await grade(["features"], { vm: true });
    expect(inVm.result.status).toBe("passed");
    const inContainer = await grade(["features"], { vm: false });
    expect(verdict(inContainer)).toMatchObject({
      status: "crashed",
      message: expect.stringContaining("bpf(BPF_PROG_LOAD): Operation not permitted"),
    });
  });
});

describe("attacks on its own machine, as root in the guest", () => {
  // program/main.c, -DATTACK=n: what each does, and the verdict it ends with
  const attacks: Array<[string, number, string, string]> = [
    ["reboot -f", 2, "crashed", "the machine rebooted"],
    ["a fork bomb (held by the guest's pids limit until the stage's time runs out)", 3, "timeout", ""],
    ["a memory bomb (the guest's OOM killer)", 4, "memory_limit", ""],
    // its one disk is its /usr, read-only to qemu and to the guest's kernel alike
    ["zeros over every block device (the guest has none of the host's)", 5, "passed", ""],
    // iopl(3), cli, spin: the guest hangs (one vCPU, no timer interrupt); the stage's limit ends it
    ["a busy loop with interrupts off (a hung guest)", 6, "timeout", "did not finish within 6 s"],
  ];
  for (const [what, attack, status, message] of attacks) {
    it(`${what} ends as ${status}`, async () => {
      const r = await grade(["hello"], { vm: true, attack, stageTimeoutMs: 6_000 });
      expect(verdict(r)).toMatchObject({ status, message: expect.stringContaining(message) });
      if (attack === 5)
        expect(r.events).toContainEqual(expect.objectContaining({ line: "wrote zeros to 0 block devices" }));
    });
  }
  it("leaves no container (nor qemu) behind, and the next run passes", async () => {
    await until("every sandbox (and its qemu) is gone", async () => (await sandboxes()).length === 0);
    expect((await grade(["hello"], { vm: true })).result.status).toBe("passed");
  });
});
