// The vm runtime's cost, against the same trivial stage in a container and a plain
// `docker run --rm` of the same image, all measured in this one run (engine only: the queue and
// the api cost the same whatever the runtime; the grading section measures them):
//  - a warm vm run: the guest booted while its container waited in the pool (what a worker
//    with a warm pool hands out); boot-to-harness = take → the harness's first stage;
//  - a cold vm run: container and guest booted on the job's path (TCG here, or KVM);
//  - an idle pre-booted guest's CPU while it waits.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LIMITS, type GradeJob, type NewRunEvent, runMachine, VM_RUNNER_IMAGE } from "@bsod/contracts";
import { createDocker, runGrading, SandboxPool, silentLogger, tarOf } from "@bsod/grader";
import { bundleTrack } from "@bsod/harness/bundle";
import { sh } from "./sh.ts";
import { type BenchResult, median, ms } from "./stats.ts";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "vm-track");
const IMAGE = VM_RUNNER_IMAGE;
/** The goals for boot-to-harness: under software emulation, and under KVM. */
const TARGET_MS = { tcg: 1_500, kvm: 300 };

interface Run {
  total: number;
  toHarness: number;
}

export async function gradingVmBench(opts: { n: number }): Promise<BenchResult[]> {
  const track = {
    manifest: { slug: "bench-vm", title: "bench", summary: "bench", languages: ["c"] },
    dir: DIR,
    stages: [
      {
        slug: "hello",
        title: "hello",
        difficulty: "easy" as const,
        points: 0,
        dir: path.join(DIR, "stages/01-hello"),
        readme: "",
        position: 1,
      },
    ],
  };
  const harness = Buffer.from((await bundleTrack(track)).code);
  const source = tarOf(path.join(DIR, "program"));
  const docker = createDocker(process.env.DOCKER_HOST);
  const pool = (warm: number) =>
    new SandboxPool({
      docker,
      workerId: `bench-vm-${process.pid}`,
      scope: `bench-vm-${process.pid}`,
      runtime: "runc",
      warmPerSpec: warm,
      logger: silentLogger,
    });
  const vm = runMachine({ sandbox: "vm" }, []);
  const job = (withVm: boolean, i: number): GradeJob => ({
    version: 1,
    submissionId: `sub_benchvm${i}`,
    attempt: 1,
    image: IMAGE,
    source: "bench",
    harness: "bench",
    stages: ["hello"],
    limits: { ...DEFAULT_LIMITS, memoryMb: 256 },
    build: null,
    run: "echo 'Hello, BSOD!'",
    seed: "bench",
    ...(withVm && vm ? { vm } : {}),
  });
  const once = async (p: SandboxPool, j: GradeJob): Promise<Run> => {
    const t = Date.now();
    let harnessAt = 0;
    const result = await runGrading({
      job: j,
      source,
      harness,
      sandboxes: p,
      emit: (e: NewRunEvent) => {
        if (e.type === "stage.started" && !harnessAt) harnessAt = Date.now();
      },
    });
    if (result.status !== "passed")
      throw new Error(`bench vm run ended ${result.status}: ${JSON.stringify(result.stages)}`);
    return { total: Date.now() - t, toHarness: harnessAt - t };
  };

  const warmPool = pool(1);
  const coldPool = pool(0);
  try {
    const spec = (withVm: boolean) => ({ image: IMAGE, limits: job(withVm, 0).limits, vm: withVm ? vm : undefined });
    await sh(`docker run --rm --network none ${IMAGE} true`);
    const plain: number[] = [];
    const container: Run[] = [];
    const warmVm: Run[] = [];
    // side by side, one of each per round, each warm take with its sandbox ready
    for (let i = 0; i < opts.n; i++) {
      plain.push(await sh(`docker run --rm --network none ${IMAGE} true`));
      await warmPool.whenWarm(spec(false));
      container.push(await once(warmPool, job(false, i)));
      await warmPool.whenWarm(spec(true));
      warmVm.push(await once(warmPool, job(true, i)));
    }
    // an idle pre-booted guest, while it waits for its job
    await warmPool.whenWarm(spec(true));
    const idle = await idleCpu(docker, `bench-vm-${process.pid}`);
    const cold: Run[] = [];
    for (let i = 0; i < Math.min(2, opts.n); i++) cold.push(await once(coldPool, job(true, 100 + i)));

    const { accel } = await warmPool.vmAccelChoice(IMAGE);
    const target = TARGET_MS[accel];
    const m = (rs: Run[], k: keyof Run) => median(rs.map((r) => r[k]));
    const warmBoot = m(warmVm, "toHarness");
    return [
      {
        name: "vm runtime (issue 16)",
        lines: [
          `${opts.n} rounds of: docker run --rm ${IMAGE} true, the trivial stage in a container, the same in a vm (warm pool, ${accel.toUpperCase()})`,
          `plain docker run --rm: median ${ms(median(plain))}`,
          `container run: median ${ms(m(container, "total"))} (to the harness ${ms(m(container, "toHarness"))})`,
          `vm run, pre-booted guest: median ${ms(m(warmVm, "total"))} (boot-to-harness ${ms(warmBoot)})`,
          `vm run, cold (container and guest booted on the job's path): median ${ms(m(cold, "total"))} (boot-to-harness ${ms(m(cold, "toHarness"))})`,
          `ratios: warm vm / container = ${(m(warmVm, "total") / m(container, "total")).toFixed(2)}×, warm vm / plain docker run = ${(m(warmVm, "total") / median(plain)).toFixed(2)}×, cold vm / plain docker run = ${(m(cold, "total") / median(plain)).toFixed(2)}×`,
          `an idle pre-booted guest waiting in the pool: ${idle}`,
        ],
        verdict: {
          value: `boot-to-harness with a pre-booted guest = ${ms(warmBoot)}`,
          target: `≤ ${ms(target)} under ${accel.toUpperCase()}`,
          ok: warmBoot <= target,
        },
      },
    ];
  } finally {
    await warmPool.close();
    await coldPool.close();
  }
}

/** CPU of the warm vm sandbox over a 5 s window, as a share of one core. */
async function idleCpu(docker: ReturnType<typeof createDocker>, workerId: string): Promise<string> {
  const [info] = await docker.listContainers({ filters: { label: [`bsod.worker=${workerId}`, "bsod.spec"] } });
  if (!info) return "no warm sandbox found";
  const c = docker.getContainer(info.Id);
  const usage = async () =>
    ((await c.stats({ stream: false })) as { cpu_stats: { cpu_usage: { total_usage: number } } }).cpu_stats.cpu_usage
      .total_usage;
  const u0 = await usage();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, 5_000)); // a measurement window, not a wait for an event
  const u1 = await usage();
  return `${(((u1 - u0) / 1e6 / (Date.now() - t0)) * 100).toFixed(1)}% of a core`;
}
