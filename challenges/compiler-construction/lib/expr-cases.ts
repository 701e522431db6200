// Generated expression programs for parse and evaluate: each case knows its tree, so a
// failing one shrinks to the smallest subexpression that still fails.
import type { Random } from "@bsod/harness";
import type { LoxCase } from "./cases.ts";
import { type GeneratedExpr, generateExpr, renderAgain, type TreeOptions } from "./gen.ts";
import { children, type Expr, evaluate, LoxError, showTree, showValue } from "./lox-ref.ts";

export type ExprMode = "parse" | "evaluate";

function expected(tree: Expr, mode: ExprMode): Pick<LoxCase, "out" | "err" | "line"> {
  if (mode === "parse") return { out: `${showTree(tree)}\n` };
  try {
    return { out: `${showValue(evaluate(tree))}\n` };
  } catch (e) {
    if (e instanceof LoxError) return { err: e.message, line: e.line };
    throw e;
  }
}

function caseFor(g: GeneratedExpr, mode: ExprMode, name: string, r: Random): LoxCase {
  return {
    name,
    src: g.src,
    ...expected(g.tree, mode),
    shrink: () =>
      children(g.tree).map((t) => {
        const src = renderAgain(t, r);
        return caseFor({ tree: t, src }, mode, name.endsWith("(shrunk)") ? name : `${name} (shrunk)`, r);
      }),
  };
}

/** `count` seeded expressions; `opts.mixed` of their leaves are not numbers. */
export function generatedExprCases(r: Random, mode: ExprMode, count: number, opts: TreeOptions): LoxCase[] {
  const out: LoxCase[] = [];
  for (let i = 0; i < count; i++) {
    const rr = r.fork(`expr${i}`);
    const g = generateExpr(rr, { ...opts, depth: rr.int(Math.min(2, opts.depth), opts.depth) });
    out.push(caseFor(g, mode, `(generated #${i + 1})`, rr));
  }
  return out;
}
