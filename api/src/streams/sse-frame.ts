// An event as a server-sent-event frame, serialised and encoded once however many clients it
// goes to: the hub hands every follower of a stream the same event object, so 2,000 spectators
// of a jam cost one JSON.stringify and one encoding per event, not 2,000.
const frames = new WeakMap<object, Uint8Array>();
const encoder = new TextEncoder();

/** `event: <type>`, `data: <json>` (one line: JSON.stringify never breaks lines), `id: <seq>`. */
export function sseFrame(ev: { seq: number; type: string }): Uint8Array {
  let frame = frames.get(ev);
  if (frame === undefined) {
    frame = encoder.encode(`event: ${ev.type}\ndata: ${JSON.stringify(ev)}\nid: ${ev.seq}\n\n`);
    frames.set(ev, frame);
  }
  return frame;
}
