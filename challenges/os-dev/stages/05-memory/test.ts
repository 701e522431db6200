// Stage 5: memory. `memory`: the multiboot memory map as the firmware reported it, the usable
// total, and a frame allocator that hands out every free 4 KiB frame (twice, the second time
// after freeing them all). Two boots with different machine sizes, so the numbers must be read.
import { defineStage } from "@bsod/harness";
import { boot } from "../../lib/boot.ts";

const MMAP = /^mmap 0x([0-9a-f]{16}) 0x([0-9a-f]{16}) (\d+)$/;

export default defineStage({
  async run(ctx) {
    const { log, fail, random } = ctx;
    const sizes = random.shuffle([20, 28, 36, 44, 52, 60]).slice(0, 2);
    for (const mb of sizes) {
      log.step(`$ boot kernel.elf memory   (on a machine with -m ${mb})`);
      const b = await boot(ctx, ["memory"], { memoryMb: mb });
      const regions = [];
      let i = 0;
      for (; i < b.lines.length && (b.lines[i] ?? "").startsWith("mmap "); i++) {
        const m = MMAP.exec(b.lines[i] as string);
        if (!m) {
          return fail(
            `line ${i + 1} ${JSON.stringify(b.lines[i])} is not "mmap 0x<base> 0x<length> <type>"`,
            "base and length are 64-bit: print them as 16 hex digits (%08x of the high half, then of the low half)",
          );
        }
        regions.push({ base: BigInt(`0x${m[1]}`), length: BigInt(`0x${m[2]}`), type: Number(m[3]) });
      }
      if (regions.length === 0) {
        fail(
          `the first line was ${JSON.stringify(b.lines[0] ?? "")}, expected the memory map ("mmap 0x… 0x… <type>" lines)`,
          "set bit 1 of the multiboot header's flags (memory information); the map is at mmap_addr (offset 48), mmap_length bytes, each entry preceded by its size",
        );
      }
      const usable = regions.filter((r) => r.type === 1);
      const top = usable.find((r) => r.base === 0x100000n);
      const machine = BigInt(mb) << 20n;
      if (!top) {
        return fail(
          `no usable region (type 1) starts at 1 MiB in the memory map you printed: ${regions.length} regions`,
          "walk the whole map: the next entry is size + 4 bytes further (size does not count itself)",
        );
      }
      const end = top.base + top.length;
      if (end > machine || end < machine - (1n << 20n)) {
        fail(
          `the usable region at 1 MiB ends at 0x${end.toString(16)} on a machine with ${mb} MiB (0x${machine.toString(16)})`,
          "print the entries as the boot loader gave them: base, length, type",
        );
      }
      const total = usable.reduce((s, r) => s + r.length, 0n) / 1024n;
      const want = `usable: ${total} KiB`;
      if (b.lines[i] !== want) {
        fail(
          `after the map the kernel printed ${JSON.stringify(b.lines[i] ?? "(nothing)")}, expected ${JSON.stringify(want)} (the sum of the usable regions you printed)`,
          "add the lengths of the type 1 regions, in 64 bits, and print the total / 1024",
        );
      }
      const frames = /^frames: (\d+)$/.exec(b.lines[i + 1] ?? "");
      if (!frames)
        return fail(
          `after the usable total the kernel printed ${JSON.stringify(b.lines[i + 1] ?? "(nothing)")}, expected "frames: <count>"`,
        );
      const count = Number(frames[1]);
      const kib = Number(total);
      if (count * 4 > kib) {
        fail(
          `the allocator handed out ${count} frames (${count * 4} KiB), more than the ${kib} KiB of usable memory`,
          "a frame is free only inside a usable region, and each is handed out once",
        );
      }
      if (count * 4 < kib - 4096) {
        fail(
          `the allocator handed out ${count} frames (${count * 4} KiB) of the ${kib} KiB usable: more than 4 MiB is missing`,
          "every 4 KiB frame of every usable region is free, but those of the kernel (up to the end of its .bss)",
        );
      }
      const again = `frames after freeing them all: ${count}`;
      if (b.lines[i + 2] !== again) {
        fail(
          `after freeing the frames the kernel printed ${JSON.stringify(b.lines[i + 2] ?? "(nothing)")}, expected ${JSON.stringify(again)}`,
          "a freed frame is free again: the second round hands out as many",
        );
      }
      log.pass(`${mb} MiB: ${regions.length} regions, ${kib} KiB usable, ${count} frames handed out twice`);
    }
  },
});
