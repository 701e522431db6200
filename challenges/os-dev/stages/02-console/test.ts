// Stage 2: console. `print N...` prints each number in several bases and paddings, on COM1 and
// on the VGA text screen; a second boot prints more lines than the screen has, so it scrolls.
import { defineStage } from "@bsod/harness";
import { type Boot, boot } from "../../lib/boot.ts";
import { FIELDS, FORMAT, fields, formatLine, splitLine } from "../../lib/format.ts";

const ROWS = 25;

export default defineStage({
  async run(ctx) {
    const { log, fail, random } = ctx;
    const fixed = [0, 1, -1, 42, 2147483647, -2147483648, 255, -77];
    const drawn = Array.from({ length: 4 }, () => random.int(-2147483648, 2147483647));
    const first = [...fixed, ...drawn];

    const checkSerial = (b: Boot, numbers: number[]) => {
      for (let i = 0; i < numbers.length; i++) {
        const n = numbers[i] as number;
        const want = formatLine(n);
        const got = b.lines[i];
        if (got === want) continue;
        if (got === undefined)
          return fail(`for print ${n} the kernel printed no line (line ${i + 1} of ${numbers.length})`);
        const parts = splitLine(got);
        const expected = fields(n);
        const at = parts ? parts.findIndex((p, k) => p !== expected[k]) : -1;
        const which =
          at >= 0
            ? ` — ${FIELDS[at]} printed ${JSON.stringify(parts?.[at])}, expected ${JSON.stringify(expected[at])}`
            : "";
        fail(
          `line ${i + 1} (the number ${n}) on COM1:\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}${which}`,
          n < 0 && at > 0
            ? "%u %x %X %o print the 32 bits of a negative number as unsigned: -1 is 4294967295, ffffffff"
            : `each line is printf("${FORMAT}\\n", n)`,
        );
      }
      if (b.lines.length > numbers.length) {
        fail(
          `the kernel printed ${b.lines.length} lines for ${numbers.length} numbers; the extra one: ${JSON.stringify(b.lines[numbers.length])}`,
        );
      }
    };

    const checkScreen = (b: Boot, lines: string[], what: string) => {
      const screen = b.screen;
      if (!screen) throw new Error("no screen");
      if (screen.rows.every((r) => r === "")) {
        fail(
          "the VGA text screen is empty: nothing was written to the buffer at 0xb8000",
          "each cell is two bytes, the character and then its attribute (0x07: light grey on black), 80 cells a row",
        );
      }
      for (let r = 0; r < ROWS; r++) {
        const want = lines[r] ?? "";
        const got = screen.rows[r] ?? "";
        if (got !== want) {
          const scrolled = lines.length > ROWS - 1 && screen.rows[0] === formatLine(0);
          fail(
            `row ${r} of the screen ${what}:\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}`,
            scrolled
              ? "the screen did not scroll: a newline on the last row moves every row up by one and clears the last row"
              : "the screen shows what COM1 shows, one line a row from the top-left corner; a newline goes to the start of the next row",
          );
        }
        const attrs = screen.attrs[r] ?? [];
        const blank = [...want].findIndex((c, k) => c !== " " && attrs[k] === 0);
        if (blank >= 0) {
          fail(
            `row ${r}, column ${blank}: the character's attribute byte is 0 (black on black)`,
            "use 0x07 (light grey on black) or another colour",
          );
        }
      }
    };

    log.step(`$ boot kernel.elf print ${first.join(" ")}`);
    const a = await boot(ctx, ["print", ...first.map(String)], { screen: true, memoryMb: 16 });
    checkSerial(a, first);
    log.pass(`COM1: ${first.length} lines as printf("${FORMAT}\\n") prints them`);
    checkScreen(a, first.map(formatLine), `after ${first.length} lines`);
    log.pass("the screen shows the same lines");

    const many = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0 ? -random.int(1, 99999) : random.int(0, 4294967295) | 0,
    );
    log.step(`$ boot kernel.elf print …30 numbers (more lines than the screen's 25 rows)`);
    const b = await boot(ctx, ["print", ...many.map(String)], { screen: true, memoryMb: 16 });
    checkSerial(b, many);
    // 30 lines, each ending in a newline: the last 24 on rows 0-23, the cursor on an empty row 24
    checkScreen(b, many.slice(-(ROWS - 1)).map(formatLine), "after 30 lines (it scrolls)");
    log.pass("the screen scrolled: the last 24 lines, then an empty row");
  },
});
