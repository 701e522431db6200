// Parses a YAML file keeping positions, and validates it with a zod schema, turning each
// problem into a TrackIssue at the line of the offending field.
import { type Document, isMap, isScalar, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import type { TrackIssue } from "./track-errors.ts";

export interface YamlFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export function parseYaml(file: string, text: string, issues: TrackIssue[]): YamlFile | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
      issues.push({ file, line, message: `invalid YAML: ${e.message.split("\n")[0]}` });
    }
    return undefined;
  }
  return { file, doc, lines, data: doc.toJS() };
}

function nodeLine(y: YamlFile, node: Node | null | undefined): number | undefined {
  const at = node?.range?.[0];
  return at === undefined ? undefined : y.lines.linePos(at).line;
}

/** The line of the value at `path`, or of its key, or of the nearest parent that exists. */
export function lineOf(y: YamlFile, path: ReadonlyArray<PropertyKey>, key?: string): number {
  const keys = path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (key !== undefined) {
    const parent = keys.length === 0 ? y.doc.contents : y.doc.getIn(keys, true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      const line = nodeLine(y, pair?.key as Node | undefined);
      if (line) return line;
    }
  }
  for (let n = keys.length; n >= 0; n--) {
    const sub = keys.slice(0, n);
    const node = (sub.length === 0 ? y.doc.contents : y.doc.getIn(sub, true)) as Node | null | undefined;
    if (n > 0 && node !== undefined) {
      // Prefer the key's line: a nested map's range starts on the line after its key.
      const parent = sub.length === 1 ? y.doc.contents : y.doc.getIn(sub.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === sub[sub.length - 1]);
        const line = nodeLine(y, pair?.key as Node | undefined);
        if (line) return line;
      }
    }
    const line = nodeLine(y, node);
    if (line) return line;
  }
  return 1;
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)),
    "",
  );
}

/** Validates y.data with schema; pushes one issue per problem and returns the parsed value. */
export function validate<S extends z.ZodType>(y: YamlFile, schema: S, issues: TrackIssue[]): z.output<S> | undefined {
  const result = schema.safeParse(y.data ?? {});
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = pathText(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const full = where ? `${where}.${key}` : key;
        issues.push({ file: y.file, line: lineOf(y, issue.path, key), message: `unknown field "${full}"` });
      }
      continue;
    }
    const present =
      issue.path.length === 0 || y.doc.hasIn(issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)));
    const message =
      !present && issue.code === "invalid_type"
        ? `missing required field "${where}"`
        : `${where ? `${where}: ` : ""}${issue.message}`;
    issues.push({ file: y.file, line: lineOf(y, issue.path), message });
  }
  return undefined;
}
