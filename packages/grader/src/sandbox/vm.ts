// The vm runtime's machine: the qemu command line of a stock-kernel guest (started by the
// supervisor while the container waits in the pool), the boot command of an own-kernel run,
// and how much more memory the container gets for the guest.
import { GUEST_AGENT_PORT, type VmSpec } from "@bsod/contracts";

/** Where the runner-vm image keeps its machine (infra/vm). */
export const VM_DIR = "/opt/bsod/vm";
export const GUEST_EXEC = `${VM_DIR}/guest-exec`;
/** qemu runs as this uid in the container: neither the program's (2000) nor root. */
export const QEMU_UID = 2001;
/** qemu's own memory beside the guest's RAM (device model, TCG's code buffer, slirp). */
export const QEMU_OVERHEAD_MB = 96;
const TB_SIZE_MB = 32;

export type VmAccel = "tcg" | "kvm";

/** What the supervisor needs to run a stock-kernel guest (its argv[3], JSON). */
export interface GuestBoot {
  qemu: string[];
  uid: number;
  /** Supplementary groups of qemu (the KVM device's group under KVM), else none. */
  groups: number[];
  guestExec: string;
  agentPort: number;
}

/** Extra container memory for a vm run. */
export function vmMemoryMb(vm: VmSpec): number {
  return vm.memoryMb + QEMU_OVERHEAD_MB;
}

function accelArgs(accel: VmAccel): string[] {
  return accel === "kvm"
    ? ["-accel", "kvm", "-cpu", "host,-arch-capabilities"]
    : ["-accel", `tcg,tb-size=${TB_SIZE_MB}`];
}

/** What of the run's limits the guest enforces itself (the agent's pids cgroup, /work's size). */
export interface GuestLimits {
  pids: number;
  workDirMb: number;
}

/**
 * The stock guest: Debian's cloud kernel with the busybox initramfs whose PID 1 is bsod-agent,
 * and the image's /usr as a read-only disk (the program's userland: python3, a shell,
 * coreutils, gcc, the C runtime; infra/vm/make-initramfs.sh builds it).
 * User-mode networking with `restrict=on` (the guest reaches nothing outside qemu), the agent's
 * and the stage's ports forwarded from the container's loopback, console on the serial port
 * (the supervisor reads it: readiness, the last lines when the guest dies), no reboot (a reset,
 * a triple fault or a panic ends qemu, and with it the machine).
 */
export function guestBoot(vm: VmSpec, accel: VmAccel, limits: GuestLimits, kvmGid?: number): GuestBoot {
  const fwd = [GUEST_AGENT_PORT, ...vm.ports].map((p) => `hostfwd=tcp:127.0.0.1:${p}-10.0.2.15:${p}`).join(",");
  return {
    uid: QEMU_UID,
    groups: accel === "kvm" && kvmGid !== undefined ? [kvmGid] : [],
    guestExec: GUEST_EXEC,
    agentPort: GUEST_AGENT_PORT,
    qemu: [
      "qemu-system-x86_64",
      ...accelArgs(accel),
      "-M",
      "pc",
      "-m",
      String(vm.memoryMb),
      "-smp",
      String(vm.vcpus),
      "-nographic",
      "-nodefaults",
      "-no-reboot",
      // qboot: a firmware that prints nothing and hands over to the kernel in milliseconds
      "-bios",
      "/usr/share/qemu/qboot.rom",
      "-serial",
      "stdio",
      "-monitor",
      "none",
      "-kernel",
      `${VM_DIR}/vmlinuz`,
      "-initrd",
      `${VM_DIR}/initrd.cpio`,
      "-append",
      `console=ttyS0 panic=-1 quiet bsod.pids=${limits.pids} bsod.workmb=${limits.workDirMb}`,
      "-drive",
      `file=${VM_DIR}/usr.squashfs,if=none,id=usr,format=raw,readonly=on`,
      "-device",
      "virtio-blk-pci,drive=usr",
      "-netdev",
      `user,id=n0,restrict=on,${fwd}`,
      "-device",
      "virtio-net-pci,netdev=n0,romfile=",
    ],
  };
}

/**
 * The `run` of an own-kernel run: boots the build's kernel image as the program. Always under
 * TCG: qemu runs as the program's user there, who never gets the KVM device (its ioctls are the
 * host kernel's surface); such kernels boot in milliseconds anyway.
 */
export function ownKernelRun(vm: VmSpec): string {
  return `${VM_DIR}/boot-kernel --memory ${vm.memoryMb} --cpus ${vm.vcpus} --accel tcg -- ${vm.kernelFile}`;
}
