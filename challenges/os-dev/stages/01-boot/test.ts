// Stage 1: boot. The kernel boots with an empty command line, prints one line on COM1 and ends
// the run through isa-debug-exit with status 0.
import { defineStage } from "@bsod/harness";
import { boot } from "../../lib/boot.ts";

const HELLO = "Hello, kernel!";

export default defineStage({
  async run(ctx) {
    const { log, fail } = ctx;
    log.step("$ qemu-system-x86_64 -kernel kernel.elf -serial stdio -device isa-debug-exit,iobase=0xf4");
    const { stdout, lines } = await boot(ctx, []);
    if (!stdout) {
      fail(
        "the kernel stopped the machine (status 0) without printing anything on COM1",
        "write the bytes of the line to port 0x3f8, one outb each, before outb(0xf4, 0)",
      );
    }
    if (lines[0] !== HELLO) {
      const got = lines[0] ?? "";
      const hint =
        got.toLowerCase() === HELLO.toLowerCase()
          ? "the line is compared byte for byte, capitals included"
          : got.trim() === HELLO
            ? "no spaces around the line"
            : `print exactly ${JSON.stringify(`${HELLO}\n`)}`;
      fail(`the first line on COM1 was ${JSON.stringify(got)}, expected ${JSON.stringify(HELLO)}`, hint);
    }
    if (!stdout.endsWith("\n")) fail("the line has no newline at its end", 'print "\\n" after it');
    if (lines.length > 1) {
      fail(
        `the kernel printed ${lines.length} lines, expected only ${JSON.stringify(HELLO)}`,
        "print nothing else with an empty command line",
      );
    }
    log.pass(`printed ${JSON.stringify(HELLO)} and stopped the machine with status 0`);
  },
});
