import { describe, expect, it } from "vitest";
import { runMachine } from "./sandbox.ts";
import { StageManifest, TrackManifest } from "./track.ts";

const track = { slug: "os", title: "OS", summary: "s", languages: ["c"] };

describe("sandbox: vm in track.yaml and stage.yaml", () => {
  it("accepts a vm with its machine and rejects vm options without sandbox: vm", () => {
    const t = TrackManifest.parse({ ...track, sandbox: "vm", vm: { memoryMb: 128, vcpus: 2, kernel: "own" } });
    expect(t.vm).toEqual({ memoryMb: 128, vcpus: 2, kernel: "own" });
    const bad = TrackManifest.safeParse({ ...track, vm: { memoryMb: 128 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["vm"], message: "vm options need `sandbox: vm`" });
    expect(StageManifest.safeParse({ slug: "a", title: "A", sandbox: "qemu" }).success).toBe(false);
    const outside = StageManifest.safeParse({ slug: "a", title: "A", sandbox: "vm", vm: { kernelFile: "../x" } });
    expect(outside.error?.issues[0]?.message).toMatch(/inside the repository/);
  });

  it("gives a run a machine when the track or one of its stages asks for it", () => {
    expect(runMachine({}, [{}, { sandbox: "container" }])).toBeUndefined();
    expect(runMachine({}, [{}, { sandbox: "vm", vm: { ports: [8080] } }])).toEqual({
      memoryMb: 256,
      vcpus: 1,
      kernel: "stock",
      kernelFile: "kernel.elf",
      ports: [8080],
    });
    const m = runMachine({ sandbox: "vm", vm: { memoryMb: 128, ports: [6379] } }, [
      { sandbox: "vm", vm: { memoryMb: 512, ports: [6379, 80] } },
      { sandbox: "vm", vm: { vcpus: 2 } },
    ]);
    expect(m).toMatchObject({ memoryMb: 512, vcpus: 2, ports: [80, 6379] });
  });
});
