// Waiting on a condition that has no event to wait on (Docker state, a row a process writes):
// a poll of the condition itself, with a deadline, never a sleep standing in for it.

/** Polls `fn` every 100 ms until it returns a truthy value; fails after timeoutMs naming `what`. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
