// Stage 3: exceptions. `int3` is handled and the kernel goes on after it; `pagefault read|write
// ADDR` faults on an address the kernel did not map and reports CR2 and the error code. A kernel
// whose tables are wrong triple-faults, which boot() reports with the last line before it.
import { defineStage } from "@bsod/harness";
import { boot, checkKernel } from "../../lib/boot.ts";

export default defineStage({
  async run(ctx) {
    const { log, fail, random } = ctx;
    const { text } = checkKernel(ctx);

    log.step("$ boot kernel.elf int3");
    const bp = await boot(ctx, ["int3"]);
    const m = /^exception 3 \(breakpoint\) at 0x([0-9a-f]{8})$/.exec(bp.lines[0] ?? "");
    if (!m) {
      return fail(
        `after int3 the first line was ${JSON.stringify(bp.lines[0] ?? "")}, expected "exception 3 (breakpoint) at 0x" and 8 hex digits`,
        "the handler of vector 3 prints the eip the CPU pushed (the address after the int3), as %08x",
      );
    }
    const eip = Number.parseInt(m[1] as string, 16);
    if (text.length && !text.some((r) => eip >= r.start && eip <= r.end)) {
      const ranges = text.map((r) => `0x${r.start.toString(16)}-0x${r.end.toString(16)}`).join(", ");
      fail(
        `the breakpoint's address 0x${m[1]} is not in kernel.elf's code (${ranges})`,
        "print the eip from the frame the CPU pushed: after the error code slot (or your dummy 0) and the vector your stub pushed, in the order pusha left the registers",
      );
    }
    if (bp.lines[1] !== "back from the breakpoint") {
      fail(
        `after the breakpoint's line the kernel printed ${JSON.stringify(bp.lines[1] ?? "(nothing)")}, expected "back from the breakpoint"`,
        "int3 is a trap: the handler returns with iret and the kernel goes on after the instruction",
      );
    }
    log.pass(`breakpoint at 0x${m[1]} handled, and the kernel went on`);

    for (const access of ["read", "write"] as const) {
      const addr = (random.int(0x40000, 0xeffff) * 4096 + random.int(0, 4095)) >>> 0;
      const a = `0x${addr.toString(16).padStart(8, "0")}`;
      log.step(`$ boot kernel.elf pagefault ${access} ${a}`);
      const pf = await boot(ctx, ["pagefault", access, a]);
      const want = `page fault at ${a}, error code 0x${access === "write" ? 2 : 0}`;
      const got = pf.lines[0] ?? "";
      if (got !== want) {
        const hint = got.startsWith("no page fault")
          ? "turn paging on (CR3 = your page directory, then bit 31 of CR0) with only the first MiBs mapped, so the address is not present"
          : got.startsWith("page fault at") && got.includes(a)
            ? "the error code is what the CPU pushed for vector 14: bit 0 = the page was present, bit 1 = a write, bit 2 = user mode"
            : got.startsWith("page fault")
              ? "the faulting address is in CR2 (mov %cr2, %eax)"
              : "identity-map the first 4 MiB (the kernel, its stack, the screen) before paging goes on";
        fail(
          `for a ${access} of ${a} the kernel printed ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
          hint,
        );
      }
      log.pass(`page fault at ${a} on a ${access}, reported with CR2 and the error code`);
    }
  },
});
