// Which sandbox runtime a run gets: the default `container`, or `vm` (a disposable machine with
// a kernel of its own, run by qemu inside a container sandbox), selected in track.yaml or
// stage.yaml, and resolved once per run (all of a run's stages share one sandbox).
import { z } from "zod";

export const SandboxRuntime = z.enum(["container", "vm"]);
export type SandboxRuntime = z.infer<typeof SandboxRuntime>;

/** The runner image every vm run uses: qemu, the stock guest kernel, a C/asm toolchain. */
export const VM_RUNNER_IMAGE = "bsod/runner-vm:latest";

const KernelFile = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/,
    "must be a path inside the repository, like build/kernel.elf",
  );

/** `vm:` in track.yaml or stage.yaml; every field optional. */
export const VmOptions = z.strictObject({
  /** Guest RAM in MB; the sandbox's memory limit grows by this much plus qemu's own. */
  memoryMb: z.number().int().min(16).max(2_048).optional(),
  /** Virtual CPUs (each one is a qemu thread under the sandbox's CPU quota). */
  vcpus: z.number().int().min(1).max(4).optional(),
  /**
   * `stock`: the runner image's Linux, the program runs in it as root (io_uring, eBPF, TUN).
   * `own`: the build's output is the kernel; `program.run()` boots it with the serial port on
   * stdin/stdout and isa-debug-exit (port 0xf4) to end the run with a status.
   */
  kernel: z.enum(["stock", "own"]).optional(),
  /** With `kernel: own`: where the build leaves the kernel image (multiboot ELF), in /work. */
  kernelFile: KernelFile.optional(),
  /** Guest TCP ports the harness connects to (`program.connect(port)` on the container's loopback). */
  ports: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(65_535)
        .refine((p) => p !== 7100, "7100 is the guest agent's port"),
    )
    .max(16)
    .optional(),
});
export type VmOptions = z.infer<typeof VmOptions>;

/** A run's resolved machine, carried by the GradeJob. */
export const VmSpec = z.object({
  memoryMb: z.number().int().min(16).max(2_048),
  vcpus: z.number().int().min(1).max(4),
  kernel: z.enum(["stock", "own"]),
  kernelFile: KernelFile,
  ports: z.array(z.number().int().min(1).max(65_535)).max(16),
});
export type VmSpec = z.infer<typeof VmSpec>;

export const DEFAULT_VM: VmSpec = { memoryMb: 256, vcpus: 1, kernel: "stock", kernelFile: "kernel.elf", ports: [] };

/** The port of the guest agent, forwarded to the container's loopback. */
export const GUEST_AGENT_PORT = 7100;

interface Selects {
  sandbox?: SandboxRuntime | undefined;
  vm?: VmOptions | undefined;
}

/**
 * The machine a run gets: a vm when the track or any of the run's stages says `sandbox: vm`
 * (the track's vm options, then each vm stage's: the most memory and vCPUs any asks for, every
 * port, the last kernel named), else undefined (the container runtime).
 */
export function runMachine(track: Selects, stages: Selects[]): VmSpec | undefined {
  const vmStages = stages.filter((s) => s.sandbox === "vm");
  if (track.sandbox !== "vm" && vmStages.length === 0) return undefined;
  const spec: VmSpec = { ...DEFAULT_VM, ...definedOnly(track.vm), ports: [...(track.vm?.ports ?? [])] };
  for (const s of vmStages) {
    const o = s.vm ?? {};
    if (o.memoryMb !== undefined) spec.memoryMb = Math.max(spec.memoryMb, o.memoryMb);
    if (o.vcpus !== undefined) spec.vcpus = Math.max(spec.vcpus, o.vcpus);
    if (o.kernel !== undefined) spec.kernel = o.kernel;
    if (o.kernelFile !== undefined) spec.kernelFile = o.kernelFile;
    for (const p of o.ports ?? []) if (!spec.ports.includes(p)) spec.ports.push(p);
  }
  spec.ports.sort((a, b) => a - b);
  return spec;
}

function definedOnly(o: VmOptions | undefined): Partial<VmSpec> {
  const out: Partial<VmSpec> = {};
  if (!o) return out;
  if (o.memoryMb !== undefined) out.memoryMb = o.memoryMb;
  if (o.vcpus !== undefined) out.vcpus = o.vcpus;
  if (o.kernel !== undefined) out.kernel = o.kernel;
  if (o.kernelFile !== undefined) out.kernelFile = o.kernelFile;
  return out;
}

/** Checks `sandbox`/`vm` together: vm options only mean something in a vm. */
export function sandboxIssue(m: Selects): string | null {
  if (m.vm !== undefined && m.sandbox !== "vm") return "vm options need `sandbox: vm`";
  return null;
}
