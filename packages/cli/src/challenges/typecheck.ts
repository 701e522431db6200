// Type-checks every stage's test.ts the way `npx tsc` would, against the harness SDK's own
// sources: a misspelt harness call (log.stp) is a file:line problem at validate time, not a
// crash in the middle of a participant's run. Loaded from source (see source-module.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TrackIssue } from "@bsod/harness/loader";
import ts from "typescript";

const ROOT = path.resolve(fileURLToPath(new URL("../../../..", import.meta.url)));
const HARNESS = path.join(ROOT, "packages/harness/src");

/** The test.ts of every stage folder under each track folder. */
export function stageTests(trackDirs: string[]): string[] {
  return trackDirs.flatMap((dir) => {
    const stages = path.join(dir, "stages");
    if (!fs.existsSync(stages)) return [];
    return fs
      .readdirSync(stages)
      .sort()
      .map((name) => path.join(stages, name, "test.ts"))
      .filter((f) => fs.existsSync(f));
  });
}

export function typecheckTests(files: string[]): TrackIssue[] {
  if (files.length === 0) return [];
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: false,
    esModuleInterop: true,
    types: ["node"],
    typeRoots: [path.join(ROOT, "node_modules/@types")],
    // A track may live outside this repository: @bsod/harness is always the SDK's sources.
    baseUrl: ROOT,
    paths: { "@bsod/harness": [path.join(HARNESS, "index.ts")], "@bsod/harness/*": [path.join(HARNESS, "*.ts")] },
  };
  const program = ts.createProgram(
    files.map((f) => path.resolve(f)),
    options,
  );
  const mine = new Set(files.map((f) => path.resolve(f)));
  const byResolved = new Map(files.map((f) => [path.resolve(f), f]));
  const issues: TrackIssue[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : undefined;
    if (!file || !mine.has(file)) continue; // the SDK's own files are checked by the repository's tsc
    const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    issues.push({
      file: byResolved.get(file) ?? file,
      line,
      message: ts.flattenDiagnosticMessageText(d.messageText, " "),
    });
  }
  return issues;
}
