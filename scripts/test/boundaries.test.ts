// The boundary check that `npm test` runs: the repository passes it, and each forbidden arrow
// added to a small repository of the same shape fails it, named by its rule.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBoundaries, REPO_TARGETS } from "../check-boundaries.ts";

const REPO = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

type Files = Record<string, string>;

/** A repository shaped like ours (contracts, grader, testkit, api, worker), plus `extra`. */
function repoWith(extra: Files, manifests: Record<string, object> = {}): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-boundaries-"));
  made.push(tmp);
  const workspaces = {
    "packages/contracts": { name: "@bsod/contracts" },
    "packages/grader": { name: "@bsod/grader", dependencies: { "@bsod/contracts": "0.1.0" } },
    "packages/testkit": { name: "@bsod/testkit" },
    api: { name: "@bsod/api", dependencies: { "@bsod/contracts": "0.1.0" } },
    worker: { name: "@bsod/worker", dependencies: { "@bsod/contracts": "0.1.0", "@bsod/grader": "0.1.0" } },
  };
  const files: Files = {
    "package.json": JSON.stringify({ name: "fixture", private: true, workspaces: Object.keys(workspaces) }),
    "tsconfig.json": fs.readFileSync(path.join(REPO, "tsconfig.json"), "utf8"),
    "packages/contracts/src/index.ts": "export const VERSION = 1;\n",
    "packages/testkit/src/index.ts": "export const helper = 1;\n",
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

/** Every forbidden arrow at once, one file each, so one cruise checks them all. */
const BROKEN: Files = {
  // a package importing an app
  "packages/grader/src/leak.ts": 'export { api } from "../../../api/src/main.ts";\n',
  // the worker importing the api, even through its package name (declared, so only the rule speaks)
  "worker/src/leak.ts": 'export { api } from "@bsod/api";\n',
  // a relative import into another workspace
  "api/src/reach.ts": 'export { VERSION } from "../../packages/contracts/src/index.ts";\n',
  // a workspace import that package.json does not declare
  "api/src/grade.ts": 'export { grade } from "@bsod/grader";\n',
  // a devDependency used by production code, and by a test (allowed)
  "worker/src/dev.ts": 'export { helper } from "@bsod/testkit";\n',
  "worker/test/dev.test.ts": 'export { helper } from "@bsod/testkit";\n',
  // a runtime import cycle
  "api/src/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b;\n',
  "api/src/b.ts": 'import { a } from "./a.ts";\nexport const b = () => a;\n',
};
const BROKEN_MANIFESTS = {
  worker: {
    dependencies: { "@bsod/contracts": "0.1.0", "@bsod/grader": "0.1.0", "@bsod/api": "0.1.0" },
    devDependencies: { "@bsod/testkit": "0.1.0" },
  },
  // a cycle between workspaces, through a devDependency
  "packages/contracts": { devDependencies: { "@bsod/grader": "0.1.0" } },
};

let clean: string[];
let broken: string[];
beforeAll(() => {
  clean = check(repoWith({}));
  broken = check(repoWith(BROKEN, BROKEN_MANIFESTS));
});

describe("boundary check", () => {
  it("passes on this repository", () => {
    expect(checkBoundaries(REPO, REPO_TARGETS)).toEqual([]);
  });

  it("passes on a repository whose arrows all point the allowed way", () => {
    expect(clean).toEqual([]);
  });

  it("fails when a package imports an app", () => {
    expect(broken).toContainEqual(
      expect.stringMatching(/^packages\/grader\/src\/leak\.ts: packages-never-import-apps/),
    );
  });

  it("fails when the worker imports the api, even through the api's package name", () => {
    expect(broken).toContainEqual(expect.stringMatching(/^worker\/src\/leak\.ts: api-and-worker-never-meet/));
  });

  it("fails on a relative import into another workspace", () => {
    expect(broken).toContainEqual(expect.stringMatching(/^api\/src\/reach\.ts: no-relative-import-across-workspaces/));
  });

  it("fails on a workspace import its package.json does not declare", () => {
    expect(broken).toContain("api/src/grade.ts: imports @bsod/grader, which api/package.json does not declare");
  });

  it("fails when production code uses a devDependency, and lets tests use it", () => {
    expect(broken).toContainEqual(
      expect.stringMatching(/^worker\/src\/dev\.ts: imports @bsod\/testkit, a devDependency/),
    );
    expect(broken.filter((p) => p.startsWith("worker/test/"))).toEqual([]);
  });

  it("fails on a runtime import cycle, and on a cycle between workspaces", () => {
    expect(broken).toContainEqual(expect.stringMatching(/^api\/src\/.\.ts: no-cycle: api\/src\/.\.ts → /));
    expect(broken).toContain("package.json: workspace cycle: @bsod/contracts → @bsod/grader → @bsod/contracts");
  });

  it("reports nothing it was not shown", () => {
    const expected = [/leak\.ts/, /reach\.ts/, /grade\.ts/, /dev\.ts/, /no-cycle/, /workspace cycle/];
    expect(broken.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
  });
});
