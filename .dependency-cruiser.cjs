// The house's boundaries, checked by `npm test` (npx depcruise): which workspace may import
// which, and how. A workspace is a folder with a package.json listed in the root's workspaces.
const WORKSPACE = "^(packages/[^/]+|api|worker|web|challenges|bench)/";

module.exports = {
  forbidden: [
    {
      name: "api-and-worker-never-meet",
      comment: "api/ and worker/ meet only through packages/contracts (ARCHITECTURE.md).",
      severity: "error",
      from: { path: "^(api|worker)/" },
      to: { path: "^(api|worker)/", pathNot: "^$1/" },
    },
    {
      name: "packages-never-import-apps",
      comment: "Shared machinery is a package that apps depend on, never the other way round.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^(api|worker|web)/" },
    },
    {
      name: "no-relative-import-across-workspaces",
      comment: "Reach another workspace through its package name and exports, declared in package.json.",
      severity: "error",
      from: { path: WORKSPACE },
      to: { dependencyTypes: ["local"], dependencyTypesNot: ["aliased-workspace"], pathNot: "^$1/" },
    },
    {
      name: "api-streams-stand-alone",
      comment:
        "api/src/streams (the event streams: append, parse, fan-out) is a leaf every module may use; " +
        "it knows no jam, score or submission, so nothing reaches sideways to reach a stream.",
      severity: "error",
      from: { path: "^api/src/streams/" },
      to: { path: "^api/src/", pathNot: "^api/src/streams/" },
    },
    {
      name: "api-scoring-reads-jams-only-by-the-clock",
      comment: "scoring/ may ask jams/schedule.ts what the clock says; the rest of jams/ sits above it.",
      severity: "error",
      from: { path: "^api/src/scoring/" },
      to: { path: "^api/src/jams/", pathNot: "^api/src/jams/schedule\\.ts$" },
    },
    {
      name: "no-undeclared-dependency",
      comment: "Every package a file imports is declared in its workspace's package.json (or the root's).",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-unresolvable-import",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-cycle",
      comment:
        "Modules import in one direction; a cycle is a design that wants a split. Type-only imports " +
        "(the Deps container that names every service's type) are erased at runtime and allowed.",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.data)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
