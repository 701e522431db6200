// What the FLIP animation did on a page: the rows that glided (an inverted translateY, then none).
import type { Page } from "playwright-core";

/** Starts recording the rows of the board that glide; the returned function reads them. */
export async function watchMoves(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __moved: string[] };
    w.__moved = [];
    new MutationObserver((changes) => {
      for (const c of changes) {
        // Records are read after the effect already cleared the transform: look at oldValue.
        if (c.oldValue?.includes("translateY")) w.__moved.push((c.target as HTMLElement).dataset.username ?? "");
      }
    }).observe(document.querySelector("tbody")!, {
      attributes: true,
      attributeOldValue: true,
      subtree: true,
      attributeFilter: ["style"],
    });
  });
  return () => page.evaluate(() => (window as unknown as { __moved: string[] }).__moved);
}
