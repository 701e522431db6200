// FLIP: rows keep their identity (data-flip-key); when the board reorders, each row starts at
// its old position and glides to the new one. Skipped when the user prefers reduced motion.
import { type RefObject, useLayoutEffect, useRef } from "react";

export const reducedMotion = () => window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;

export function useFlip(container: RefObject<HTMLElement | null>, signature: unknown, durationMs = 650) {
  const last = useRef(new Map<string, number>());

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` changes exactly when rows move; the effect reads the DOM, not it
  useLayoutEffect(() => {
    const root = container.current;
    if (!root) return;
    const rows = root.querySelectorAll<HTMLElement>("[data-flip-key]");
    const next = new Map<string, number>();
    const moves: Array<[HTMLElement, number]> = [];
    for (const row of rows) {
      const key = row.dataset.flipKey!;
      const top = row.offsetTop;
      next.set(key, top);
      const before = last.current.get(key);
      if (before !== undefined && before !== top) moves.push([row, before - top]);
    }
    last.current = next;
    if (moves.length === 0 || reducedMotion()) return;
    for (const [row, dy] of moves) {
      row.style.transition = "none";
      row.style.transform = `translateY(${dy}px)`;
      row.classList.toggle("moving-up", dy > 0);
    }
    // Force a layout so the inverted position is painted before the transition starts.
    void root.offsetHeight;
    for (const [row] of moves) {
      row.style.transition = `transform ${durationMs}ms cubic-bezier(.2,.8,.2,1)`;
      row.style.transform = "";
      row.addEventListener(
        "transitionend",
        () => {
          row.style.transition = "";
          row.classList.remove("moving-up");
        },
        { once: true },
      );
    }
  }, [signature, container, durationMs]);
}
