// `bsod challenges new`: a new track (one stage, a Python starter and solution) or a new
// stage in an existing track — files that validate as they are, ready to edit. With
// `--sandbox vm` the track (or stage) runs in a machine of its own: the stock kernel with a C
// starter and solution, or (`--kernel own`) the participant's own kernel, in assembly.
import fs from "node:fs";
import path from "node:path";
import { CliError } from "../errors.ts";

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ScaffoldOptions {
  sandbox?: string | undefined;
  kernel?: string | undefined;
}

type Machine = { sandbox: "container" } | { sandbox: "vm"; kernel: "stock" | "own" };

function machineOf(o: ScaffoldOptions): Machine {
  if (o.sandbox !== undefined && o.sandbox !== "container" && o.sandbox !== "vm")
    throw new CliError(`--sandbox must be container or vm, not '${o.sandbox}'`);
  if (o.kernel !== undefined && o.kernel !== "stock" && o.kernel !== "own")
    throw new CliError(`--kernel must be stock or own, not '${o.kernel}'`);
  if (o.kernel !== undefined && o.sandbox !== "vm") throw new CliError("--kernel needs --sandbox vm");
  return o.sandbox === "vm"
    ? { sandbox: "vm", kernel: o.kernel === "own" ? "own" : "stock" }
    : { sandbox: "container" };
}

/** The machine's lines of a track.yaml or stage.yaml. */
function machineYaml(m: Machine): string {
  if (m.sandbox === "container") return "";
  return m.kernel === "own"
    ? "sandbox: vm\nvm:\n  kernel: own # the build leaves kernel.elf; program.run() boots it\n  kernelFile: kernel.elf\n  memoryMb: 32\n"
    : "sandbox: vm # a machine of its own: the program is root over the guest's kernel\nvm:\n  memoryMb: 256\n  vcpus: 1\n  # ports: [8080] # guest ports the test connects to\n";
}

const KERNEL_BUILD =
  "nasm -f elf32 -o /tmp/kernel.o kernel.asm && ld -m elf_i386 -Ttext 0x100000 -o kernel.elf /tmp/kernel.o";

/** A multiboot kernel that prints `text` on COM1, then ends the run with `status` (isa-debug-exit). */
function kernelAsm(comment: string, text: string, status: number): string {
  return [
    `; ${comment}`,
    "; A multiboot kernel: qemu boots it with -kernel; COM1 (port 0x3f8) is the test's stdout,",
    "; and writing v to port 0xf4 (isa-debug-exit) ends the run with exit code v.",
    "bits 32",
    "section .text",
    "align 4",
    "  dd 0x1BADB002, 0, -0x1BADB002",
    "global _start",
    "_start:",
    "  mov esi, message",
    ".next:",
    "  lodsb",
    "  test al, al",
    "  jz .done",
    "  mov dx, 0x3f8",
    "  out dx, al",
    "  jmp .next",
    ".done:",
    "  mov dx, 0xf4",
    `  mov al, ${status}`,
    "  out dx, al",
    "  cli",
    "  hlt",
    "section .data",
    `message: db ${text ? `"${text}", 10, ` : ""}0`,
    "",
  ].join("\n");
}

function titleOf(slug: string): string {
  const words = slug.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: "wx" });
}

function stageFiles(dir: string, slug: string, position: number, machine: Machine, inTrack: boolean) {
  const title = titleOf(slug);
  write(
    path.join(dir, "stage.yaml"),
    // No slug here or in test.ts: the folder NN-<slug> names the stage, so renaming it is one edit.
    `title: ${title}\ndifficulty: easy\npoints: 100\n# limits: { stageTimeoutMs: 10000 }\n` +
      (inTrack ? "" : machineYaml(machine)),
  );
  write(
    path.join(dir, "README.md"),
    `# ${title}\n\nWhat the participant must build in this stage, and how it is tested.\n\n` +
      "Your program is run as `./your_program`; in this stage it must print `ok` on a line of its own.\n",
  );
  write(
    path.join(dir, "test.ts"),
    `// Stage ${position}: ${title}.\nimport { defineStage } from "@bsod/harness";\n\n` +
      "export default defineStage({\n" +
      "  async run({ program, log, expect }) {\n" +
      '    log.step("$ ./your_program");\n' +
      "    const { stdout } = await program.run([]);\n" +
      '    expect(stdout, { hint: "print ok followed by a newline", label: "stdout" }).toEqual("ok\\n");\n' +
      '    log.pass("printed ok");\n  },\n});\n',
  );
}

export function newTrack(root: string, slug: string, firstStage = "first-stage", opts: ScaffoldOptions = {}): string[] {
  const machine = machineOf(opts);
  if (!SLUG.test(slug)) throw new CliError(`track name '${slug}' must be lowercase letters, digits and dashes`);
  if (!SLUG.test(firstStage))
    throw new CliError(`stage name '${firstStage}' must be lowercase letters, digits and dashes`);
  const dir = path.join(root, slug);
  if (fs.existsSync(dir))
    throw new CliError(`${dir} exists already: add a stage with \`bsod challenges new ${slug} <stage>\``);
  const language = machine.sandbox === "container" ? "python" : machine.kernel === "own" ? "asm" : "c";
  write(
    path.join(dir, "track.yaml"),
    `slug: ${slug}\ntitle: ${titleOf(slug)}\nsummary: One line that tells a participant what they will build.\n` +
      `languages:\n  - ${language}\nlimits:\n  stageTimeoutMs: ${machine.sandbox === "vm" ? 20000 : 10000}\n` +
      `${machineYaml(machine)}scoring:\n  mode: stages\n`,
  );
  stageFiles(path.join(dir, "stages", `01-${firstStage}`), firstStage, 1, machine, true);
  const repo = (kind: "starters" | "solutions", files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) write(path.join(dir, kind, language, name), text);
  };
  if (language === "python") {
    repo("starters", {
      "bsod.yml": "language: python\n",
      "main.py": "# Start here: read the first stage's instructions.\n",
    });
    repo("solutions", { "bsod.yml": "language: python\n", "main.py": 'print("ok")\n' });
  } else if (language === "c") {
    repo("starters", {
      "bsod.yml": "language: c\n",
      "main.c":
        "// Start here: read the first stage's instructions. This runs as root in a machine of its own.\nint main(void) { return 0; }\n",
    });
    repo("solutions", {
      "bsod.yml": "language: c\n",
      "main.c": '#include <stdio.h>\n\nint main(void) {\n  printf("ok\\n");\n  return 0;\n}\n',
    });
  } else {
    const bsodYml = `language: asm\nbuild: ${KERNEL_BUILD}\n`;
    repo("starters", {
      "bsod.yml": bsodYml,
      "kernel.asm": kernelAsm("Start here: read the first stage's instructions.", "", 0),
    });
    repo("solutions", { "bsod.yml": bsodYml, "kernel.asm": kernelAsm("The first stage's solution.", "ok", 0) });
  }
  return [dir];
}

export function newStage(root: string, track: string, slug: string, opts: ScaffoldOptions = {}): string[] {
  const machine = machineOf(opts);
  if (!SLUG.test(slug)) throw new CliError(`stage name '${slug}' must be lowercase letters, digits and dashes`);
  const stagesDir = path.join(root, track, "stages");
  if (!fs.existsSync(stagesDir))
    throw new CliError(`no track at ${path.join(root, track)}: create it with \`bsod challenges new ${track}\``);
  const existing = fs.readdirSync(stagesDir).filter((n) => /^\d+-/.test(n));
  if (existing.some((n) => n.replace(/^\d+-/, "") === slug)) throw new CliError(`stage '${slug}' exists in ${track}`);
  const next = Math.max(0, ...existing.map((n) => Number.parseInt(n, 10))) + 1;
  const dir = path.join(stagesDir, `${String(next).padStart(2, "0")}-${slug}`);
  stageFiles(dir, slug, next, machine, false);
  return [dir];
}
