// The boundary check that `npm test` runs: the repository passes it, and each forbidden arrow
// added to a small repository of the same shape fails it, named by its rule.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkBoundaries, REPO_TARGETS } from "../check-boundaries.ts";

const REPO = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

type Files = Record<string, string>;

/** A repository with the same workspaces as ours (contracts, grader, api, worker), plus `extra`. */
function repoWith(extra: Files, manifests: Record<string, object> = {}): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-boundaries-"));
  const workspaces = {
    "packages/contracts": { name: "@bsod/contracts" },
    "packages/grader": { name: "@bsod/grader", dependencies: { "@bsod/contracts": "0.1.0" } },
    api: { name: "@bsod/api", dependencies: { "@bsod/contracts": "0.1.0" } },
    worker: { name: "@bsod/worker", dependencies: { "@bsod/contracts": "0.1.0", "@bsod/grader": "0.1.0" } },
  };
  const files: Files = {
    "package.json": JSON.stringify({ name: "fixture", private: true, workspaces: Object.keys(workspaces) }),
    "tsconfig.json": fs.readFileSync(path.join(REPO, "tsconfig.json"), "utf8"),
    "packages/contracts/src/index.ts": "export const VERSION = 1;\n",
    "packages/grader/src/index.ts": 'import { VERSION } from "@bsod/contracts";\nexport const grade = () => VERSION;\n',
    "api/src/main.ts": 'import { VERSION } from "@bsod/contracts";\nexport const api = VERSION;\n',
    "api/src/index.ts": 'export { api } from "./main.ts";\n',
    "worker/src/main.ts": 'import { grade } from "@bsod/grader";\nexport const worker = grade();\n',
    ...extra,
  };
  for (const [dir, manifest] of Object.entries(workspaces)) {
    const merged = { version: "0.1.0", type: "module", exports: { ".": "./src/index.ts" }, ...manifest };
    Object.assign(merged, manifests[dir] ?? {});
    files[`${dir}/package.json`] = JSON.stringify(merged);
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
    fs.writeFileSync(path.join(tmp, file), text);
  }
  // Workspaces resolve by name through node_modules, as npm links them.
  for (const [dir, manifest] of Object.entries(workspaces)) {
    const link = path.join(tmp, "node_modules", manifest.name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(tmp, dir), link);
  }
  return tmp;
}

const check = (root: string) => checkBoundaries(root, ["packages", "api", "worker"]);

describe("boundary check", () => {
  it("passes on this repository", () => {
    expect(checkBoundaries(REPO, REPO_TARGETS)).toEqual([]);
  });

  it("passes on a repository whose arrows all point the allowed way", () => {
    expect(check(repoWith({}))).toEqual([]);
  });

  it("fails when a package imports an app", () => {
    const root = repoWith({ "packages/grader/src/leak.ts": 'export { api } from "../../../api/src/main.ts";\n' });
    expect(check(root)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^packages\/grader\/src\/leak\.ts: packages-never-import-apps/)]),
    );
  });

  it("fails when the worker imports the api, even through the api's package name", () => {
    const root = repoWith(
      { "worker/src/leak.ts": 'export { api } from "@bsod/api";\n' },
      { worker: { dependencies: { "@bsod/contracts": "0.1.0", "@bsod/grader": "0.1.0", "@bsod/api": "0.1.0" } } },
    );
    expect(check(root)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^worker\/src\/leak\.ts: api-and-worker-never-meet/)]),
    );
  });

  it("fails on a relative import into another workspace", () => {
    const root = repoWith({ "api/src/reach.ts": 'export { VERSION } from "../../packages/contracts/src/index.ts";\n' });
    expect(check(root)).toEqual([expect.stringMatching(/^api\/src\/reach\.ts: no-relative-import-across-workspaces/)]);
  });

  it("fails on a workspace import its package.json does not declare", () => {
    const root = repoWith({ "api/src/grade.ts": 'export { grade } from "@bsod/grader";\n' });
    expect(check(root)).toEqual(["api/src/grade.ts: imports @bsod/grader, which api/package.json does not declare"]);
  });

  it("fails when production code uses a devDependency, and lets tests use it", () => {
    const manifests = { api: { devDependencies: { "@bsod/grader": "0.1.0" } } };
    const testOnly = repoWith({ "api/test/grade.test.ts": 'export { grade } from "@bsod/grader";\n' }, manifests);
    expect(check(testOnly)).toEqual([]);
    const inSrc = repoWith({ "api/src/grade.ts": 'export { grade } from "@bsod/grader";\n' }, manifests);
    expect(check(inSrc)).toEqual([
      expect.stringMatching(/^api\/src\/grade\.ts: imports @bsod\/grader, a devDependency/),
    ]);
  });

  it("fails on a runtime import cycle, and on a cycle between workspaces", () => {
    const modules = repoWith({
      "api/src/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
      "api/src/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a;\n',
    });
    expect(check(modules)).toEqual(expect.arrayContaining([expect.stringMatching(/: no-cycle: api\/src\/.\.ts → /)]));
    const packages = repoWith({}, { "packages/contracts": { devDependencies: { "@bsod/grader": "0.1.0" } } });
    expect(check(packages)).toEqual([
      "package.json: workspace cycle: @bsod/contracts → @bsod/grader → @bsod/contracts",
    ]);
  });
});
