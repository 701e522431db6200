// Stage 4: timer. `timer HZ N`: the PIT at HZ, IRQ0 through the remapped PIC, a line per tick,
// N of them, then the stop. The rate is measured from when the lines arrive on COM1 (qemu's
// timer follows the host's clock, so the tolerance is wide; the PIT's power-on 18.2 Hz is not).
// A busy host makes qemu lose ticks, never gain them: a run that came out slow is tried once more.
import { defineStage } from "@bsod/harness";
import { boot } from "../../lib/boot.ts";

export default defineStage({
  async run(ctx) {
    const { log, fail, random } = ctx;
    // two rates at least four times apart (the bounds below span 3.75×), so that one rate of the kernel's own cannot pass both
    const rates = random.shuffle(
      random.pick([
        [50, 200],
        [60, 250],
        [50, 250],
      ]),
    );
    for (const hz of rates) {
      const n = Math.round(hz * 0.6);
      for (let attempt = 1; ; attempt++) {
        log.step(`$ boot kernel.elf timer ${hz} ${n}`);
        const b = await boot(ctx, ["timer", String(hz), String(n)], { timeLines: true });
        for (let k = 1; k <= n; k++) {
          const got = b.lines[k - 1];
          if (got !== `tick ${k}`) {
            fail(
              `line ${k} was ${JSON.stringify(got ?? "(nothing)")}, expected "tick ${k}" (timer ${hz} ${n})`,
              "one line per timer interrupt, counted from 1, then write 0 to port 0xf4 after the N-th",
            );
          }
        }
        if (b.lines.length > n)
          fail(
            `the kernel printed ${b.lines.length} lines for ${n} ticks; line ${n + 1}: ${JSON.stringify(b.lines[n])}`,
          );
        const at = b.arrivals ?? [];
        const first = at[0] ?? 0;
        const last = at[n - 1] ?? 0;
        const measured = ((n - 1) * 1000) / Math.max(1, last - first);
        const shown = measured >= 1000 ? `${Math.round(measured)}` : measured.toFixed(1);
        if (measured > hz * 1.5) {
          fail(
            `the ${n} ticks came at ${shown} a second, faster than the ${hz} Hz asked for (tick 1 to tick ${n} in ${last - first} ms)`,
            measured > hz * 20
              ? "print a tick only when IRQ0 has come: wait with hlt (interrupts on) and count in the handler"
              : "the PIT's channel 0 divides 1193182 Hz: the divisor is 1193182 / HZ, written low byte then high byte to port 0x40 after 0x34 to port 0x43",
          );
        }
        if (measured < hz * 0.4 && attempt === 1) {
          log.info(`${n} ticks at ${shown} Hz: slow, perhaps a busy machine; once more`);
          continue;
        }
        if (measured < hz * 0.4) {
          fail(
            `the ${n} ticks came at ${shown} a second, slower than the ${hz} Hz asked for (tick 1 to tick ${n} in ${last - first} ms)`,
            Math.abs(measured - 18.2) < 4
              ? "that is the PIT's power-on rate, 18.2 Hz: program channel 0 with the divisor 1193182 / HZ"
              : "the PIT's channel 0 divides 1193182 Hz: the divisor is 1193182 / HZ; send the PIC its end of interrupt (0x20 to port 0x20) in the handler, or the next IRQ0 waits",
          );
        }
        log.pass(`${n} ticks at ${shown} Hz (asked for ${hz} Hz)`);
        break;
      }
    }
  },
});
