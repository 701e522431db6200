import { useEffect } from "react";

/** A class on <html> while the page is shown: full-screen pages restyle the whole document. */
export function useRootClass(name: string) {
  useEffect(() => {
    document.documentElement.classList.add(name);
    return () => document.documentElement.classList.remove(name);
  }, [name]);
}
