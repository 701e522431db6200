import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.ts";

function split(chunks: string[], max = 10): string[] {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), max);
  for (const c of chunks) s.push(Buffer.from(c));
  s.end();
  return lines;
}

describe("LineSplitter", () => {
  it("joins lines across chunks and keeps a last line without newline", () => {
    expect(split(["ab", "c\nde\r\n", "f"])).toEqual(["abc", "de", "f"]);
  });
  it("cuts an overlong line once and drops its rest", () => {
    expect(split(["0123456789abc", "def\nok\n"], 10)).toEqual(["0123456789…", "ok"]);
  });
  it("does not split a multi-byte character across chunks", () => {
    const bytes = Buffer.from("é\n");
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), 10);
    s.push(bytes.subarray(0, 1));
    s.push(bytes.subarray(1));
    s.end();
    expect(lines).toEqual(["é"]);
  });
});
