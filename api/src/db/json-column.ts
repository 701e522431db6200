// A text column that holds JSON: one codec per column, kept beside its table type, so every
// reader gets a checked value and a malformed one is reported as that column of that row, not as
// a TypeError somewhere downstream or a 400 blamed on the caller's request.
import type { z } from "zod";

/** A stored value that does not decode: names the table, the column and the row. */
export class StoredValueError extends Error {
  override name = "StoredValueError";
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
  constructor(at: { table: string; column: string; rowId: string }, problem: string) {
    super(`${at.table}.${at.column} of ${at.rowId} ${problem}`);
    this.table = at.table;
    this.column = at.column;
    this.rowId = at.rowId;
  }
}

export interface JsonColumn<S extends z.ZodType> {
  /** The text to store for `value` (checked against the schema first). */
  encode(value: z.input<S>): string;
  /** The value stored in row `rowId`; throws a StoredValueError when it is not JSON or not valid. */
  decode(text: string, rowId: string): z.output<S>;
}

export function jsonColumn<S extends z.ZodType>(table: string, column: string, schema: S): JsonColumn<S> {
  return {
    encode(value) {
      return JSON.stringify(schema.parse(value));
    },
    decode(text, rowId) {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new StoredValueError({ table, column, rowId }, `is not JSON: ${(err as Error).message}`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
        throw new StoredValueError({ table, column, rowId }, `is not valid: ${where}${issue?.message ?? "invalid"}`);
      }
      return parsed.data;
    },
  };
}
