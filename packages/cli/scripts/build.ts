// Bundles the CLI into dist/bsod.mjs (one file, the @bsod/* workspace sources and the npm
// libraries inside): node then starts it without transpiling TypeScript or resolving hundreds of
// modules. dist/inputs lists the source files it was built from; bin/bsod runs the bundle only
// while none of them is newer, and the sources (through tsx) otherwise.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const CLI = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const ROOT = path.resolve(CLI, "../..");
const DIST = path.join(CLI, "dist");

export async function buildCli(): Promise<{ file: string; bytes: number; inputs: number }> {
  fs.mkdirSync(DIST, { recursive: true });
  const tmp = path.join(DIST, `bsod.${process.pid}.mjs`);
  const result = await build({
    entryPoints: [path.join(CLI, "src/main.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: "warning",
    // src/source-module.ts loads the grader from source, through tsx, for `challenges verify`.
    define: { BSOD_BUNDLE: "true" },
    external: ["tsx", "tsx/*"],
    // Bundled CommonJS libraries call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __bsodRequire } from 'node:module'; const require = __bsodRequire(import.meta.url);",
    },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((f) => path.resolve(ROOT, f))
    .filter(
      (f) =>
        !f.includes(`${path.sep}node_modules${path.sep}`) || fs.realpathSync(f).startsWith(path.join(ROOT, "packages")),
    )
    .map((f) => path.relative(ROOT, fs.realpathSync(f)));
  const file = path.join(DIST, "bsod.mjs");
  fs.renameSync(tmp, file);
  // Written after the bundle, so the bundle is never newer than its list.
  fs.writeFileSync(path.join(DIST, "inputs"), `${[...new Set(inputs), "package-lock.json"].sort().join("\n")}\n`);
  return { file, bytes: fs.statSync(file).size, inputs: inputs.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  const r = await buildCli();
  console.log(
    `cli: built ${path.relative(ROOT, r.file)} (${(r.bytes / 1024).toFixed(0)} KB from ${r.inputs} sources) in ${(performance.now() - t).toFixed(0)} ms`,
  );
}
