// `npm run check:boundaries` (part of `npm test`): the import rules of .dependency-cruiser.cjs
// (api and worker never meet, packages never import apps, no relative import across workspaces,
// no runtime cycle), plus the package graph: every @bsod/* import declared in the importing
// workspace's package.json (production code only through `dependencies`), and no cycle between
// workspaces. Prints one line per problem and exits 1 when there is any.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const DEPCRUISE = path.join(REPO, "node_modules/.bin/depcruise");

interface Workspace {
  dir: string;
  name: string;
  dependencies: Set<string>;
  devDependencies: Set<string>;
}

interface CruisedModule {
  source: string;
  dependencies: Array<{ module: string; resolved: string; dependencyTypes: string[] }>;
}

interface CruiseOutput {
  modules: CruisedModule[];
  summary: { violations: Array<{ from: string; to: string; rule: { name: string }; cycle?: Array<{ name: string }> }> };
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

export function workspacesOf(root: string): Workspace[] {
  const pkg = readJson(path.join(root, "package.json"));
  // The root owns what no workspace does (infra/, scripts/).
  return [".", ...(pkg.workspaces as string[])].map((dir) => {
    const ws = readJson(path.join(root, dir, "package.json"));
    return {
      dir,
      name: ws.name,
      dependencies: new Set(Object.keys(ws.dependencies ?? {})),
      devDependencies: new Set(Object.keys(ws.devDependencies ?? {})),
    };
  });
}

/** The workspace a repository path belongs to (the longest matching folder), if any. */
function owner(workspaces: Workspace[], file: string): Workspace | undefined {
  return workspaces
    .filter((w) => w.dir === "." || file === w.dir || file.startsWith(`${w.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** Test files, test support and benches may use devDependencies; the rest may not. */
function isDevOnly(file: string): boolean {
  return /(^|\/)(test|bench)\//.test(file) || /\.test\.tsx?$/.test(file);
}

function packageName(specifier: string): string {
  const [scope, name] = specifier.split("/");
  return `${scope}/${name}`;
}

export function checkBoundaries(root: string, targets: string[]): string[] {
  const out = execFileSync(
    DEPCRUISE,
    [...targets, "--config", path.join(REPO, ".dependency-cruiser.cjs"), "--output-type", "json"],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const cruised = JSON.parse(out) as CruiseOutput;
  const problems = cruised.summary.violations.map((v) =>
    v.cycle
      ? `${v.from}: ${v.rule.name}: ${[v.from, ...v.cycle.map((c) => c.name)].join(" → ")}`
      : `${v.from}: ${v.rule.name}: imports ${v.to}`,
  );

  const workspaces = workspacesOf(root);
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  for (const mod of cruised.modules) {
    const from = owner(workspaces, mod.source);
    if (!from) continue;
    for (const dep of mod.dependencies) {
      if (!dep.module.startsWith("@bsod/")) continue;
      const name = packageName(dep.module);
      if (name === from.name || !byName.has(name)) continue;
      if (from.dependencies.has(name)) continue;
      if (from.devDependencies.has(name)) {
        if (!isDevOnly(mod.source)) {
          problems.push(`${mod.source}: imports ${name}, a devDependency of ${from.name}: move it to dependencies`);
        }
        continue;
      }
      const manifest = from.dir === "." ? "package.json" : `${from.dir}/package.json`;
      problems.push(`${mod.source}: imports ${name}, which ${manifest} does not declare`);
    }
  }
  problems.push(...workspaceCycles(workspaces));
  return [...new Set(problems)];
}

/** Cycles in the graph of declared workspace dependencies (dev included: tests build too). */
export function workspaceCycles(workspaces: Workspace[]): string[] {
  const names = new Set(workspaces.map((w) => w.name));
  const edges = new Map(
    workspaces.map((w) => [w.name, [...w.dependencies, ...w.devDependencies].filter((d) => names.has(d))]),
  );
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (name: string) => {
    state.set(name, "open");
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      if (state.get(next) === "open") {
        cycles.push(`package.json: workspace cycle: ${[...stack.slice(stack.indexOf(next)), next].join(" → ")}`);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(name, "done");
  };
  for (const w of workspaces) if (!state.has(w.name)) visit(w.name);
  return cycles;
}

export const REPO_TARGETS = [
  "packages",
  "api",
  "worker",
  "web/src",
  "web/test",
  "challenges",
  "bench",
  "scripts",
  "infra",
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkBoundaries(REPO, REPO_TARGETS);
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`bsod: ${problems.length} boundary problem${problems.length === 1 ? "" : "s"}`);
    process.exit(1);
  }
  console.log("✓ boundaries: workspaces import only what they declare; no forbidden arrow, no cycle");
}
