// Turns output chunks into lines; a line longer than maxLine is cut (the rest of it dropped).

export class LineSplitter {
  #partial = "";
  #overlong = false;
  readonly #decoder = new TextDecoder("utf-8");

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine: number,
  ) {}

  push(chunk: Buffer): void {
    const text = this.#partial + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    for (const part of parts) {
      if (this.#overlong) this.#overlong = false;
      else this.onLine(stripCr(part).slice(0, this.maxLine));
    }
    if (this.#partial.length > this.maxLine) {
      if (!this.#overlong) this.onLine(`${this.#partial.slice(0, this.maxLine)}…`);
      this.#overlong = true;
      this.#partial = "";
    }
  }

  /** Emits the last line when the output did not end with a newline. */
  end(): void {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = "";
    if (rest.length > 0 && !this.#overlong) this.onLine(stripCr(rest).slice(0, this.maxLine));
    this.#overlong = false;
  }
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
