// Reads a `disassemble` listing: instruction lines are `<offset> <line> <OPCODE> [operands]`,
// where the line may be `|` for "same line as the instruction before"; other lines (headers such
// as `== fib ==`) are ignored.
export interface Instruction {
  offset: number;
  line: number;
  op: string;
  operands: string;
  text: string;
}

const INSTRUCTION = /^\s*(\d+)\s+(\d+|\|)\s+([A-Za-z_][\w.]*)(?:\s+(.*))?$/;

export function parseListing(text: string): Instruction[] {
  const out: Instruction[] = [];
  let last = 0;
  for (const raw of text.split("\n")) {
    const m = INSTRUCTION.exec(raw);
    if (!m) continue;
    const line = m[2] === "|" ? last : Number(m[2]);
    last = line;
    out.push({ offset: Number(m[1]), line, op: (m[3] as string).toUpperCase(), operands: m[4] ?? "", text: raw });
  }
  return out;
}
