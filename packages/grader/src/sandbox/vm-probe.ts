// Whether vm sandboxes on this engine can use KVM: /dev/kvm may exist and KVM_CREATE_VM succeed
// while guests still hang (nested virtualisation that does not run guests), so the probe boots
// the stock guest under KVM in a throwaway container and waits for its agent to answer.
import type Docker from "dockerode";
import { LABEL } from "./container-spec.ts";
import { guestBoot, type VmAccel } from "./vm.ts";

export interface AccelChoice {
  accel: VmAccel;
  /** The group owning /dev/kvm on the engine's host (qemu gets it, the program never does). */
  kvmGid?: number;
  /** Why not KVM, when it is not. */
  why?: string;
}

const PROBE_MS = 5_000;

export async function probeKvm(docker: Docker, image: string, scope: string): Promise<AccelChoice> {
  const boot = guestBoot({ memoryMb: 128, vcpus: 1, kernel: "stock", kernelFile: "kernel.elf", ports: [] }, "kvm", {
    pids: 64,
    workDirMb: 64,
  });
  const qemu = boot.qemu.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  // prints the device's group, then boots; the agent answering within the time is the proof
  const script = `stat -c %g /dev/kvm || exit 3; ${qemu} >/dev/null 2>&1 & q=$!; ${boot.guestExec} ready ${PROBE_MS}; r=$?; kill -9 $q; exit $r`;
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      Image: image,
      Cmd: ["sh", "-c", script],
      User: "0",
      NetworkDisabled: true,
      Labels: {
        [LABEL.sandbox]: "1",
        [LABEL.worker]: "kvm-probe",
        [LABEL.scope]: scope,
        [LABEL.deadline]: String(Date.now() + 60_000),
      },
      HostConfig: {
        NetworkMode: "none",
        ReadonlyRootfs: true,
        Tmpfs: { "/tmp": "rw,size=16m" },
        Memory: 512 * 1024 * 1024,
        PidsLimit: 128,
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        Devices: [{ PathOnHost: "/dev/kvm", PathInContainer: "/dev/kvm", CgroupPermissions: "rw" }],
        LogConfig: { Type: "json-file", Config: {} },
      },
    });
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
    const gid = Number(/(\d+)/.exec(logs)?.[1]);
    if (StatusCode === 0 && Number.isInteger(gid)) return { accel: "kvm", kvmGid: gid };
    return {
      accel: "tcg",
      why: StatusCode === 3 ? "no /dev/kvm" : `a guest did not boot under KVM within ${PROBE_MS} ms`,
    };
  } catch (err) {
    return { accel: "tcg", why: `no KVM device for sandboxes (${(err as Error).message.split("\n")[0]})` };
  } finally {
    await container?.remove({ force: true }).catch(() => {});
  }
}
