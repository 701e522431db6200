// The one parser of event-stream entries (runs' and jams' alike): each entry holds its event as
// JSON in one field; an entry that is not valid JSON or not a valid event is skipped, never thrown.
import { STREAM_EVENT_FIELD } from "@bsod/contracts";

export type StreamEntries = Array<[string, string[]]>;

/** What the parser needs of an event schema (a zod schema is one). */
export interface EventSchema<E> {
  safeParse(value: unknown): { success: true; data: E } | { success: false };
}

/** A parser of stream entries into the events of one schema. */
export function entryParser<E>(schema: EventSchema<E>): (entries: StreamEntries) => E[] {
  return function parseEntries(entries) {
    const out: E[] = [];
    for (const [, fields] of entries) {
      const i = fields.indexOf(STREAM_EVENT_FIELD);
      const raw = i >= 0 ? fields[i + 1] : undefined;
      if (!raw) continue;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        continue;
      }
      const ev = schema.safeParse(json);
      if (ev.success) out.push(ev.data);
    }
    return out;
  };
}
