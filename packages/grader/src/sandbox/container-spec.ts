// The Docker create options of a sandbox container: every isolation default lives here.
import { type Limits, PROGRAM_UID, SANDBOX_PATHS, type VmSpec } from "@bsod/contracts";
import type Docker from "dockerode";
import { SECCOMP_OPT } from "./seccomp.ts";
import { supervisorCmd } from "./supervisor-source.ts";
import { guestBoot, vmMemoryMb } from "./vm.ts";
import type { AccelChoice } from "./vm-probe.ts";

export interface SandboxSpec {
  image: string;
  limits: Pick<Limits, "memoryMb" | "cpus" | "pids" | "workDirMb">;
  /** The vm runtime: the run's machine (qemu inside this container). */
  vm?: VmSpec | undefined;
  /** Names of the run's sidecar services: the sandbox's /etc/hosts maps them to 127.0.0.1. */
  hostNames?: readonly string[] | undefined;
}

export interface SandboxLabels {
  workerId: string;
  /** Deployment scope (the queue prefix): reapers only judge owners within their scope. */
  scope: string;
  /** Epoch ms after which any reaper may remove the container. */
  deadline: number;
}

export const LABEL = {
  sandbox: "bsod.sandbox",
  worker: "bsod.worker",
  scope: "bsod.scope",
  deadline: "bsod.deadline",
  spec: "bsod.spec",
  /** On a sidecar service container: the service's name (see services/service-container.ts). */
  service: "bsod.service",
  /** On a sidecar service container: the id of the sandbox whose network it shares. */
  serviceOf: "bsod.service-of",
} as const;

/**
 * The container's environment: the runner image's own ENV (its PATH, tool caches) plus a
 * UTF-8 locale; never anything of the worker's. Execs inherit it.
 */
export const SANDBOX_ENV = ["LANG=C.UTF-8"];
const TMP_MB = 16;
const HARNESS_DIR_MB = 32;
/**
 * Under gVisor (ptrace platform) the cgroup's pids limit counts the sandbox kernel's host
 * threads, not the program's processes: ~40 of its own plus, per guest process, a stub process
 * with a thread for every sandbox-kernel thread that ran it (measured: 64 sleeping processes
 * cost ~350 host tasks, 64 threads ~8; a fork bomb held to 64 live processes keeps growing the
 * host count for as long as it churns). So under runsc the program's limit is RLIMIT_NPROC,
 * which gVisor counts inside the sandbox per uid; the cgroup limit is a generous backstop that
 * protects the host. A program that exhausts it stops the sandbox kernel (exit code 2), which
 * the worker reports as the program's process_limit crash (see Sandbox.stopReason).
 */
const RUNSC_HOST_PIDS_PER_PROCESS = 16;
const RUNSC_HOST_PIDS_BASE = 256;
/** Open files per process: room for a server with a thousand clients and its harness. */
const NOFILE = 8192;

/**
 * Per-process limits beside the cgroup's: no core dumps (a crash must not fill the work dir), no
 * file bigger than the writable space, a bounded number of open files.
 */
function ulimits(spec: SandboxSpec, runtime: "runc" | "runsc"): Docker.HostConfig["Ulimits"] {
  const fsize = (spec.limits.workDirMb + TMP_MB) * 1024 * 1024;
  return [
    { Name: "core", Soft: 0, Hard: 0 },
    { Name: "fsize", Soft: fsize, Hard: fsize },
    { Name: "nofile", Soft: NOFILE, Hard: NOFILE },
    ...(runtime === "runsc" ? [{ Name: "nproc", Soft: spec.limits.pids, Hard: spec.limits.pids }] : []),
  ];
}

/** Containers with the same key are interchangeable: the pool keeps warm ones per key. */
export function specKey(spec: SandboxSpec): string {
  const l = spec.limits;
  const vm = spec.vm
    ? `|vm:${spec.vm.kernel}:${spec.vm.memoryMb}:${spec.vm.vcpus}:${spec.vm.ports.join(",")}:${spec.vm.kernelFile}`
    : "";
  const hosts = spec.hostNames?.length ? `|h:${[...spec.hostNames].sort().join(",")}` : "";
  return `${spec.image}|m${l.memoryMb}|c${l.cpus}|p${l.pids}|w${l.workDirMb}${vm}${hosts}`;
}

export function containerOptions(
  spec: SandboxSpec,
  labels: SandboxLabels,
  runtime: "runc" | "runsc",
  /** The sandboxes' /etc/hosts on the engine's host (see hosts-file.ts). */
  hostsFile: string,
  /** How a vm sandbox's qemu runs its guest (kvm: with the device, and its group for qemu). */
  accel: AccelChoice = { accel: "tcg" },
): Docker.ContainerCreateOptions {
  const { memoryMb, cpus, pids, workDirMb } = spec.limits;
  // A vm's guest RAM and qemu's own come on top of what build and harness get.
  const memoryBytes = (memoryMb + (spec.vm ? vmMemoryMb(spec.vm) : 0)) * 1024 * 1024;
  // A stock-kernel guest boots with the container, while it waits for its job.
  const kvm = spec.vm?.kernel === "stock" && accel.accel === "kvm" && accel.kvmGid !== undefined;
  const boot =
    spec.vm?.kernel === "stock"
      ? guestBoot(spec.vm, kvm ? "kvm" : "tcg", { pids, workDirMb }, accel.kvmGid)
      : undefined;
  return {
    Image: spec.image,
    // The supervisor (PID 1's only child): waits on stdin for its one job.
    Cmd: supervisorCmd(PROGRAM_UID, SANDBOX_PATHS.work, boot),
    User: "0",
    WorkingDir: "/",
    Env: SANDBOX_ENV,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    // No Docker networking at all: runc makes a fresh network namespace with loopback only.
    // NetworkMode "none" alone gets the same interfaces but runs the dockerd binary twice per
    // container (libnetwork's prestart hook, its IPv6 switch): ~130 ms of CPU per sandbox here.
    NetworkDisabled: true,
    Labels: {
      [LABEL.sandbox]: "1",
      [LABEL.worker]: labels.workerId,
      [LABEL.scope]: labels.scope,
      [LABEL.deadline]: String(labels.deadline),
      [LABEL.spec]: specKey(spec),
    },
    HostConfig: {
      NetworkMode: "none",
      ReadonlyRootfs: true,
      // A mount, not a Bind: a missing source is an error instead of a new directory.
      Mounts: [{ Type: "bind", Source: hostsFile, Target: "/etc/hosts", ReadOnly: true }],
      Tmpfs: {
        "/work": `rw,exec,size=${workDirMb}m,uid=2000,gid=2000,mode=0755`,
        "/bsod": `rw,size=${HARNESS_DIR_MB}m,mode=0700`,
        "/tmp": `rw,exec,size=${TMP_MB}m,mode=1777`,
      },
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      PidsLimit: runtime === "runsc" ? pids * RUNSC_HOST_PIDS_PER_PROCESS + RUNSC_HOST_PIDS_BASE : pids,
      NanoCpus: Math.round(cpus * 1e9),
      CapDrop: ["ALL"],
      CapAdd: ["SETUID", "SETGID", "KILL"],
      SecurityOpt: ["no-new-privileges", SECCOMP_OPT],
      Ulimits: ulimits(spec, runtime),
      Init: true,
      ...(kvm
        ? {
            Devices: [{ PathOnHost: "/dev/kvm", PathInContainer: "/dev/kvm", CgroupPermissions: "rw" }],
            GroupAdd: [String(accel.kvmGid)],
          }
        : {}),
      LogConfig: { Type: "none", Config: {} },
      Privileged: false,
      AutoRemove: false,
      ...(runtime === "runsc" ? { Runtime: "runsc" } : {}),
    },
  };
}
