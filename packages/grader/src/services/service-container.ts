// The Docker create options of a sidecar service container: the sandbox's walls (read-only
// root, every capability dropped, no-new-privileges, bsod's seccomp profile, a non-root user,
// tmpfs for whatever it writes, its own memory/pids/CPU limits) and the sandbox's network —
// `container:<sandbox>`, the run's loopback-only namespace, so nothing but the program and the
// harness of that one run can reach it. Labelled like sandboxes, so reapers find it by owner,
// scope and deadline.
import type { ServiceSpec } from "@bsod/contracts";
import type Docker from "dockerode";
import { LABEL, type SandboxLabels } from "../sandbox/container-spec.ts";
import { SECCOMP_OPT } from "../sandbox/seccomp.ts";

/** What a service image says about itself in its labels (infra/services/<kind>/Dockerfile). */
export interface ServiceImageInfo {
  uid: number;
  /** Writable mounts: path → mode (octal text), each owned by uid. */
  tmpfs: Array<{ path: string; mode: string }>;
}

const UID_LABEL = "bsod.service-uid";
const TMPFS_LABEL = "bsod.service-tmpfs";
const NOFILE = 4096;

/** Reads an image's service labels; throws with the image's name when they are missing or wrong. */
export function serviceImageInfo(image: string, labels: Record<string, string> | null | undefined): ServiceImageInfo {
  const uid = Number(labels?.[UID_LABEL]);
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(`${image} is not a service image: it has no non-root ${UID_LABEL} label`);
  }
  const tmpfs = (labels?.[TMPFS_LABEL] ?? "")
    .split(",")
    .filter(Boolean)
    .map((entry) => {
      const [path, mode] = entry.split(":");
      if (!path?.startsWith("/") || !/^[0-7]{3,4}$/.test(mode ?? "")) {
        throw new Error(`${image}: bad ${TMPFS_LABEL} entry "${entry}" (want /path:mode)`);
      }
      return { path, mode: mode as string };
    });
  return { uid, tmpfs };
}

export function serviceOptions(
  spec: ServiceSpec,
  info: ServiceImageInfo,
  sandboxId: string,
  labels: SandboxLabels,
): Docker.ContainerCreateOptions {
  const memoryBytes = spec.memoryMb * 1024 * 1024;
  // Tmpfs is memory: each mount may take at most half the service's memory, all of it counted
  // against the service's limit.
  const tmpfsMb = Math.max(8, Math.floor(spec.memoryMb / 2));
  return {
    Image: spec.image,
    User: `${info.uid}:${info.uid}`,
    Env: ["LANG=C.UTF-8", ...Object.entries(spec.env).map(([k, v]) => `${k}=${v}`)],
    Labels: {
      [LABEL.sandbox]: "1",
      [LABEL.worker]: labels.workerId,
      [LABEL.scope]: labels.scope,
      [LABEL.deadline]: String(labels.deadline),
      [LABEL.service]: spec.name,
      [LABEL.serviceOf]: sandboxId,
    },
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      ReadonlyRootfs: true,
      Tmpfs: Object.fromEntries(
        info.tmpfs.map((t) => [t.path, `rw,size=${tmpfsMb}m,uid=${info.uid},gid=${info.uid},mode=${t.mode}`]),
      ),
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      PidsLimit: spec.pids,
      NanoCpus: Math.round(spec.cpus * 1e9),
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges", SECCOMP_OPT],
      Ulimits: [
        { Name: "core", Soft: 0, Hard: 0 },
        { Name: "nofile", Soft: NOFILE, Hard: NOFILE },
      ],
      Init: true,
      LogConfig: { Type: "none", Config: {} },
      Privileged: false,
      AutoRemove: false,
    },
  };
}
