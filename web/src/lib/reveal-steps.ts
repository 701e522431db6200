// Applies the api's reveal steps (docs/api.md) to the board on screen. The api did the ranking: the
// browser only merges the changed rows, puts them at their places and renumbers the ranks it was told.
import type { Board, BoardEntry, RevealEntryPatch, RevealStep } from "../api/types.ts";

function merge(entry: BoardEntry, patch: RevealEntryPatch): BoardEntry {
  const { username: _, position: _at, stages, ...keys } = patch;
  return { ...entry, ...keys, stages: { ...entry.stages, ...stages } };
}

function withStages(board: Board, step: RevealStep): Board["stages"] {
  return board.stages.map((s) => {
    const patch = step.stages.find((p) => p.slug === s.slug);
    return patch ? { ...s, ...patch } : s;
  });
}

/** The moment a step's cells flip and scores change, before any row moves. */
export function flipCells(board: Board, step: RevealStep): Board {
  const patches = new Map(step.entries.map((p) => [p.username, p]));
  const entries = board.entries.map((e) => {
    const patch = patches.get(e.user.username);
    return patch ? merge(e, patch) : e;
  });
  return { ...board, stages: withStages(board, step), entries };
}

/** The board after the step: rows at their new places with their new ranks. */
export function applyStep(board: Board, step: RevealStep): Board {
  const before = new Map(board.entries.map((e) => [e.user.username, e]));
  const moved = new Set(step.entries.map((p) => p.username));
  const entries = board.entries.filter((e) => !moved.has(e.user.username));
  for (const patch of [...step.entries].sort((a, b) => a.position - b.position)) {
    const entry = before.get(patch.username);
    if (entry) entries.splice(patch.position, 0, merge(entry, patch));
  }
  if (step.ranks) {
    const { from, to, shared } = step.ranks;
    const sharesAbove = (i: number) => shared.some(([first, count]) => i >= first && i < first + count);
    for (let i = from; i <= to && i < entries.length; i++) {
      const rank = i > 0 && sharesAbove(i) ? entries[i - 1]!.rank : i + 1;
      if (entries[i]!.rank !== rank) entries[i] = { ...entries[i]!, rank };
    }
  }
  return { ...board, stages: withStages(board, step), entries };
}
