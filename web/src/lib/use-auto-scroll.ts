// TV mode: when the board is taller than the screen, glide down, rest, jump back to the top.
// Takes the element itself (from a callback ref), not a ref object: the page first renders a
// loading screen, and an effect bound once to a ref that was still empty never scrolled.
import { useEffect } from "react";

export function useAutoScroll(box: HTMLElement | null, pxPerSecond = 40, restMs = 4000) {
  useEffect(() => {
    if (!box) return;
    if (window.matchMedia?.("(prefers-reduced-motion: reduce)").matches) return;
    let raf = 0;
    let back: ReturnType<typeof setTimeout> | undefined;
    let last = performance.now();
    let restUntil = last + restMs;
    let pos = 0;
    const tick = (now: number) => {
      const dt = now - last;
      last = now;
      const max = box.scrollHeight - box.clientHeight;
      if (max > 4 && now >= restUntil) {
        pos += (pxPerSecond * dt) / 1000;
        if (pos >= max) {
          pos = max;
          box.scrollTop = pos;
          back = setTimeout(() => {
            pos = 0;
            box.scrollTo({ top: 0, behavior: "smooth" });
          }, restMs);
          restUntil = now + restMs * 2;
        } else {
          box.scrollTop = pos;
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      clearTimeout(back);
    };
  }, [box, pxPerSecond, restMs]);
}
