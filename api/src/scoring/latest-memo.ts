// The latest value computed for each id, with the key (the state) it was computed for: a reader
// whose key matches gets it at once, and concurrent readers of a new key share one computation.
export class LatestMemo<T> {
  readonly #latest = new Map<string, { key: string; value: T }>();
  readonly #inflight = new Map<string, Promise<T>>();

  /** @param maxIds ids kept at most; the least recently computed go first. */
  constructor(private readonly maxIds = Number.POSITIVE_INFINITY) {}

  get(id: string, key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#latest.get(id);
    if (hit && hit.key === key) return Promise.resolve(hit.value);
    const flightKey = `${id}|${key}`;
    let flight = this.#inflight.get(flightKey);
    if (!flight) {
      flight = compute()
        .then((value) => {
          this.#latest.delete(id);
          this.#latest.set(id, { key, value });
          if (this.#latest.size > this.maxIds) this.#latest.delete(this.#latest.keys().next().value!);
          return value;
        })
        .finally(() => this.#inflight.delete(flightKey));
      this.#inflight.set(flightKey, flight);
    }
    return flight;
  }

  delete(id: string): void {
    this.#latest.delete(id);
  }
}
