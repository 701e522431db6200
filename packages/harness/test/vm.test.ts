// The vm runtime end to end: the harness in the sandbox container, the program in a guest
// machine booted by qemu inside that container (software emulation here), graded by the same
// engine as every other run, with the same verdicts and run events.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LIMITS, type LoadedTrack, type NewRunEvent, runMachine, StageManifest } from "@bsod/contracts";
import { LABEL, LocalGrader } from "@bsod/grader";
import { docker, until } from "@bsod/grader/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

function grade(stages: string[], opts: { vm: boolean; program?: string }) {
  const vm = opts.vm
    ? runMachine(
        track.manifest,
        track.stages.filter((s) => stages.includes(s.slug)),
      )
    : undefined;
  return grader.grade({
    dir: join(dir, opts.program ?? "program"),
    commands: C,
    harness: code,
    stages,
    limits: { ...DEFAULT_LIMITS, memoryMb: 256, stageTimeoutMs: 30_000 },
    vm,
  });
}

/** The run's events without what differs by nature between two runs (times, the program's words). */
function shape(events: NewRunEvent[]) {
  return events.map((e) => (e.type === "stage.log" ? `${e.type}:${e.source}` : e.type));
}

const sandboxes = () =>
  docker.listContainers({ all: true, filters: { label: [`${LABEL.worker}=cli-${process.pid}`] } });

describe("the vm runtime", () => {
  it("runs a stage's program in a guest kernel, with the verdicts and events of a container run", async () => {
    const [inVm, inContainer] = [await grade(["hello"], { vm: true }), await grade(["hello"], { vm: false })];
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
