// The git token just made (joining a jam, or the new-token form), kept in memory only: shown
// once, never stored.
import { useSyncExternalStore } from "react";

let secret: string | null = null;
const listeners = new Set<() => void>();

export function setNewToken(value: string | null) {
  secret = value;
  for (const l of listeners) l();
}

export function useNewToken(): string | null {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => secret,
  );
}
