// How the os-dev stages boot the participant's kernel: the multiboot header is checked first (so
// "qemu could not boot it" comes with the reason), then the kernel runs with the stage's command
// line, and whatever ends the run is explained: nothing on COM1, no stop through port 0xf4, a
// triple fault after the last line it printed, a reset, a status other than the one expected.
import { join } from "node:path";
import { isStageFailure, type StageContext } from "@bsod/harness";

export const KERNEL = "kernel.elf";
const MULTIBOOT_MAGIC = 0x1badb002;
const SCREEN_BYTES = 80 * 25 * 2;

/** The kernel file as the build left it: its executable ranges (for addresses it reports). */
export interface KernelFile {
  text: { start: number; end: number }[];
}

/** What one boot printed and how it ended. */
export interface Boot {
  /** COM1's lines, without \r; a last line with no newline is kept. */
  lines: string[];
  stdout: string;
  status: number;
  durationMs: number;
  /** The VGA text buffer after the run, when asked for: 25 rows of 80 characters. */
  screen?: Screen;
  /** When asked for: the time (ms since the boot began) each line arrived on COM1. */
  arrivals?: number[];
}

export interface Screen {
  /** Each row's characters (NUL shown as a space), trailing spaces trimmed. */
  rows: string[];
  /** The attribute byte of each cell, row by row. */
  attrs: number[][];
}

export interface BootOptions {
  /** The machine's memory for this boot (at most the track's vm.memoryMb). */
  memoryMb?: number;
  /** Read the VGA text buffer at 0xb8000 once the kernel has stopped. */
  screen?: boolean;
  /** How long the kernel has to stop the machine (default 10 s: a busy host slows the emulator). */
  timeoutMs?: number;
  /** The status the kernel must write to port 0xf4 (default 0). */
  status?: number;
  /** Note when each line arrives (for the timer). */
  timeLines?: boolean;
}

const hex = (n: number, width = 8) => `0x${n.toString(16).padStart(width, "0")}`;

function lastLine(stdout: string): string | undefined {
  const lines = stdout.replace(/\r/g, "").trimEnd().split("\n");
  const last = lines[lines.length - 1];
  return last ? last : undefined;
}

/** Checks kernel.elf the way qemu's multiboot loader reads it, with the reason when it would not boot. */
export function checkKernel(ctx: StageContext): KernelFile {
  const path = join(ctx.tmpDir, "..", "..", KERNEL);
  if (!ctx.files.exists(path)) {
    ctx.fail(
      `there is no ${KERNEL}: the build must leave the kernel image in the repository's top folder`,
      "the starter's Makefile links it with `ld -m elf_i386 -T linker.ld -o kernel.elf …`; bsod.yml's build runs make",
    );
  }
  const file = ctx.files.read(path);
  const first = file.subarray(0, 8192);
  let header = -1;
  for (let off = 0; off + 12 <= first.length; off += 4) {
    if (first.readUInt32LE(off) === MULTIBOOT_MAGIC) {
      header = off;
      break;
    }
  }
  if (header < 0) {
    ctx.fail(
      `no multiboot header in the first 8 KiB of ${KERNEL} (${file.length} bytes): qemu cannot boot it`,
      "the header is three 32-bit words, 4-byte aligned: 0x1BADB002, the flags, and a checksum that makes the three add up to 0; put it in a section of its own (.multiboot) that the linker script places first",
    );
  }
  const flags = first.readUInt32LE(header + 4);
  const sum = (MULTIBOOT_MAGIC + flags + first.readUInt32LE(header + 8)) >>> 0;
  if (sum !== 0) {
    ctx.fail(
      `the multiboot header at offset ${hex(header, 1)} of ${KERNEL} has a bad checksum: magic + flags + checksum add up to ${hex(sum)}, not 0`,
      "the checksum is -(0x1BADB002 + flags), computed as a 32-bit number",
    );
  }
  const isElf = file.subarray(0, 4).toString("latin1") === "\x7fELF";
  const aoutKludge = (flags & 0x10000) !== 0;
  if (isElf && file[4] === 2 && !aoutKludge) {
    ctx.fail(
      `${KERNEL} is a 64-bit ELF file: qemu's multiboot loader boots 32-bit ELF kernels only`,
      "compile with gcc -m32 and link with ld -m elf_i386; a 64-bit kernel starts in 32-bit code and is wrapped with objcopy -O elf32-i386",
    );
  }
  const text: KernelFile["text"] = [];
  if (isElf && file[4] === 1 && file.length >= 52) {
    const phoff = file.readUInt32LE(28);
    const phentsize = file.readUInt16LE(42);
    const phnum = file.readUInt16LE(44);
    for (let i = 0; i < phnum; i++) {
      const at = phoff + i * phentsize;
      if (at + 32 > file.length) break;
      const type = file.readUInt32LE(at);
      const vaddr = file.readUInt32LE(at + 8);
      const memsz = file.readUInt32LE(at + 20);
      const pflags = file.readUInt32LE(at + 24);
      if (type === 1 && pflags & 1) text.push({ start: vaddr, end: vaddr + memsz });
    }
  }
  return { text };
}

function readScreen(data: Buffer): Screen {
  const rows: string[] = [];
  const attrs: number[][] = [];
  for (let r = 0; r < 25; r++) {
    let row = "";
    const a: number[] = [];
    for (let c = 0; c < 80; c++) {
      const at = (r * 80 + c) * 2;
      const ch = data[at] ?? 0;
      row += ch === 0 ? " " : String.fromCharCode(ch);
      a.push(data[at + 1] ?? 0);
    }
    rows.push(row.trimEnd());
    attrs.push(a);
  }
  return { rows, attrs };
}

/** Boots the kernel with this command line; fails the stage with the reason when it does not stop as it should. */
export async function boot(ctx: StageContext, args: string[], options: BootOptions = {}): Promise<Boot> {
  checkKernel(ctx);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const env: Record<string, string> = {};
  if (options.memoryMb !== undefined) env.BSOD_KERNEL_MEMORY_MB = String(options.memoryMb);
  const screenFile = join(ctx.tmpDir, "screen.bin");
  if (options.screen) env.BSOD_KERNEL_SCREEN = screenFile;
  const started = Date.now();
  const kernel = await ctx.program.start(args, { env, allowExit: true });
  const cmdline = args.length ? `"${args.join(" ")}"` : "an empty command line";
  const arrivals: number[] = [];
  const reading = options.timeLines
    ? (async () => {
        try {
          for (;;) {
            await kernel.readLine({ timeoutMs });
            arrivals.push(Date.now() - started);
          }
        } catch {
          // the end of COM1's output (the machine stopped) or the boot's own time limit
        }
      })()
    : undefined;
  let exitCode: number | null;
  try {
    exitCode = (await kernel.wait({ timeoutMs })).exitCode;
  } catch (e) {
    if (!isStageFailure(e) || e.verdict !== "timeout") throw e;
    const out = kernel.stdout();
    if (!out) {
      ctx.fail(
        `the kernel printed nothing on COM1 in ${timeoutMs / 1000} s (booted with ${cmdline})`,
        "write each byte to port 0x3f8 (COM1's data register) once bit 5 of port 0x3fd (line status) is set; check that _start is reached: the multiboot header, ENTRY(_start) in the linker script",
      );
    }
    ctx.fail(
      `the kernel did not stop the machine within ${timeoutMs / 1000} s (booted with ${cmdline}); the last line it printed: ${JSON.stringify(lastLine(out) ?? "")}`,
      "when it is done, a kernel ends the run by writing its status to port 0xf4 (isa-debug-exit): outb(0xf4, 0); `cli; hlt` alone waits forever",
    );
  }
  await reading;
  const stdout = kernel.stdout().replace(/\r/g, "");
  const stderr = kernel.stderr();
  const last = lastLine(stdout);
  if (exitCode === 125 && stderr.includes("triple fault")) {
    ctx.fail(
      last === undefined
        ? `triple fault before the kernel printed anything (booted with ${cmdline})`
        : `triple fault after ${JSON.stringify(last)} (booted with ${cmdline}): the CPU met an exception it could not deliver and reset`,
      "an exception with no usable handler: a missing or wrong IDT entry (present bit, selector 0x08, gate type 0x8e), an IDT or GDT that was loaded with a wrong limit or base, or a stack that runs out",
    );
  }
  if (exitCode === 125) {
    ctx.fail(
      `the kernel reset or powered off the machine without a status on port 0xf4 (booted with ${cmdline})`,
      "end the run with outb(0xf4, status)",
    );
  }
  if (exitCode === 126) {
    ctx.fail(`qemu could not boot ${KERNEL}:\n${stderr.trim()}`);
  }
  const expected = options.status ?? 0;
  if (exitCode !== expected) {
    ctx.fail(
      `the kernel stopped the machine with status ${exitCode} on port 0xf4 (booted with ${cmdline}), expected ${expected}${last === undefined ? "" : `; its last line: ${JSON.stringify(last)}`}`,
    );
  }
  const lines = stdout.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const result: Boot = { lines, stdout, status: exitCode, durationMs: Date.now() - started };
  if (options.timeLines) result.arrivals = arrivals;
  if (options.screen) {
    const data = ctx.files.exists(screenFile) ? ctx.files.read(screenFile) : Buffer.alloc(0);
    if (data.length !== SCREEN_BYTES) throw new Error(`the machine left ${data.length} bytes of screen, not 4000`);
    result.screen = readScreen(data);
  }
  return result;
}
