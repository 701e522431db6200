// The "no libc" rule of the track: reads the ELF the build left and fails the stage, naming what
// it found, when the binary asks for a dynamic loader (PT_INTERP), needs shared libraries
// (DT_NEEDED) or carries libc's symbols (a static link against libc.a).
import type { StageContext } from "@bsod/harness";

/** Where the asm language's default build puts the binary (see bsod.yml). */
export const BINARY = "/work/.bsod-build/app";

const PT_INTERP = 3;
const PT_DYNAMIC = 2;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const SHT_SYMTAB = 2;
/** Symbols only a libc brings along. */
const LIBC_SYMBOLS = ["__libc_start_main", "printf", "puts", "malloc", "fopen", "__libc_csu_init", "_IO_stdin_used"];

export interface ElfFindings {
  problem: string | null;
}

/** Inspects an x86-64 ELF executable; `problem` says in a sentence what is wrong, or null. */
export function inspectElf(bin: Buffer): ElfFindings {
  if (bin.length < 64 || bin.readUInt32BE(0) !== 0x7f454c46)
    return { problem: "the built file is not an ELF executable" };
  if (bin[4] !== 2 || bin[5] !== 1 || bin.readUInt16LE(18) !== 62)
    return { problem: "the binary is not a 64-bit little-endian x86-64 ELF (assemble with nasm -f elf64)" };
  const phoff = Number(bin.readBigUInt64LE(32));
  const phentsize = bin.readUInt16LE(54);
  const phnum = bin.readUInt16LE(56);
  const segs = Array.from({ length: phnum }, (_, i) => {
    const o = phoff + i * phentsize;
    return {
      type: bin.readUInt32LE(o),
      offset: Number(bin.readBigUInt64LE(o + 8)),
      vaddr: Number(bin.readBigUInt64LE(o + 16)),
      filesz: Number(bin.readBigUInt64LE(o + 32)),
    };
  });
  const interp = segs.find((s) => s.type === PT_INTERP);
  const dynamic = segs.find((s) => s.type === PT_DYNAMIC);
  const needed: string[] = [];
  if (dynamic) {
    const entries: Array<[number, number]> = [];
    for (let o = dynamic.offset; o + 16 <= dynamic.offset + dynamic.filesz; o += 16) {
      const tag = Number(bin.readBigInt64LE(o));
      if (tag === 0) break;
      entries.push([tag, Number(bin.readBigUInt64LE(o + 8))]);
    }
    const strtab = entries.find(([t]) => t === DT_STRTAB)?.[1];
    // DT_STRTAB is an address: map it back to a file offset through the loadable segments
    const load = segs.find(
      (s) => s.type === 1 && strtab !== undefined && strtab >= s.vaddr && strtab < s.vaddr + s.filesz,
    );
    for (const [t, v] of entries) {
      if (t !== DT_NEEDED) continue;
      if (strtab === undefined || !load) needed.push("a shared library");
      else {
        const at = strtab - load.vaddr + load.offset + v;
        needed.push(bin.toString("latin1", at, bin.indexOf(0, at)));
      }
    }
  }
  if (needed.length > 0)
    return {
      problem: `your binary is dynamically linked against ${needed.join(", ")}: use raw syscalls, link with ld`,
    };
  if (interp) {
    const name = bin.toString("latin1", interp.offset, interp.offset + interp.filesz).replace(/\0+$/, "");
    return { problem: `your binary asks for the dynamic loader ${name}: use raw syscalls, link with ld` };
  }
  const libc = staticLibcSymbol(bin);
  if (libc)
    return { problem: `your binary is statically linked with libc (it defines ${libc}): use raw syscalls only` };
  return { problem: null };
}

function staticLibcSymbol(bin: Buffer): string | null {
  const shoff = Number(bin.readBigUInt64LE(40));
  const shentsize = bin.readUInt16LE(58);
  const shnum = bin.readUInt16LE(60);
  if (shoff === 0 || shoff + shnum * shentsize > bin.length) return null;
  const sec = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      type: bin.readUInt32LE(o + 4),
      offset: Number(bin.readBigUInt64LE(o + 24)),
      size: Number(bin.readBigUInt64LE(o + 32)),
      link: bin.readUInt32LE(o + 40),
    };
  };
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (s.type !== SHT_SYMTAB) continue;
    const str = sec(s.link);
    for (let o = s.offset; o + 24 <= s.offset + s.size; o += 24) {
      const at = str.offset + bin.readUInt32LE(o);
      const name = bin.toString("latin1", at, bin.indexOf(0, at));
      if (LIBC_SYMBOLS.includes(name)) return name;
    }
  }
  return null;
}

/** Fails the stage when the built binary uses libc; logs a pass line otherwise. */
export function requireNoLibc(ctx: StageContext): void {
  ctx.log.step(`$ readelf --program-headers --dynamic ${BINARY}`);
  if (!ctx.files.exists(BINARY))
    ctx.fail(
      `there is no binary at ${BINARY}`,
      "keep the default build of the asm language (nasm -f elf64 main.asm, then ld) or make your build: write it there",
    );
  const { problem } = inspectElf(ctx.files.read(BINARY));
  if (problem) ctx.fail(problem, "no `extern printf` or `gcc main.o`: write with syscall (rax=1), exit with rax=60");
  ctx.log.pass("static ELF: no dynamic loader, no shared libraries, no libc symbols");
}
