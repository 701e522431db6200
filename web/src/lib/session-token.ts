// The git token from the last signup/login, kept in memory only: shown once, never stored
// (it is also the session secret, which the browser otherwise keeps in an HttpOnly cookie).
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
