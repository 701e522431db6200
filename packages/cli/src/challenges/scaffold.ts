// `bsod challenges new`: a new track (one stage, a Python starter and solution) or a new
// stage in an existing track — files that validate as they are, ready to edit.
import fs from "node:fs";
import path from "node:path";
import { CliError } from "../errors.ts";

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function titleOf(slug: string): string {
  const words = slug.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: "wx" });
}

function stageFiles(dir: string, slug: string, position: number) {
  const title = titleOf(slug);
  write(
    path.join(dir, "stage.yaml"),
    `slug: ${slug}\ntitle: ${title}\ndifficulty: easy\npoints: 100\n# limits: { stageTimeoutMs: 10000 }\n`,
  );
  write(
    path.join(dir, "README.md"),
    `# ${title}\n\nWhat the participant must build in this stage, and how it is tested.\n\n` +
      "Your program is run as `./your_program`; in this stage it must print `ok` on a line of its own.\n",
  );
  write(
    path.join(dir, "test.ts"),
    `// Stage ${position}: ${title}.\nimport { defineStage } from "@bsod/harness";\n\n` +
      `export default defineStage({\n  slug: "${slug}",\n  title: "${title}",\n` +
      "  async run({ program, log, expect }) {\n" +
      '    log.step("$ ./your_program");\n' +
      "    const { stdout } = await program.run([]);\n" +
      '    expect(stdout, { hint: "print ok followed by a newline", label: "stdout" }).toEqual("ok\\n");\n' +
      '    log.pass("printed ok");\n  },\n});\n',
  );
}

export function newTrack(root: string, slug: string, firstStage = "first-stage"): string[] {
  if (!SLUG.test(slug)) throw new CliError(`track name '${slug}' must be lowercase letters, digits and dashes`);
  if (!SLUG.test(firstStage))
    throw new CliError(`stage name '${firstStage}' must be lowercase letters, digits and dashes`);
  const dir = path.join(root, slug);
  if (fs.existsSync(dir))
    throw new CliError(`${dir} exists already: add a stage with \`bsod challenges new ${slug} <stage>\``);
  write(
    path.join(dir, "track.yaml"),
    `slug: ${slug}\ntitle: ${titleOf(slug)}\nsummary: One line that tells a participant what they will build.\n` +
      "languages:\n  - python\nlimits:\n  stageTimeoutMs: 10000\nscoring:\n  mode: stages\n",
  );
  stageFiles(path.join(dir, "stages", `01-${firstStage}`), firstStage, 1);
  write(path.join(dir, "starters/python/bsod.yml"), "language: python\n");
  write(path.join(dir, "starters/python/main.py"), "# Start here: read the first stage's instructions.\n");
  write(path.join(dir, "solutions/python/bsod.yml"), "language: python\n");
  write(path.join(dir, "solutions/python/main.py"), 'print("ok")\n');
  return [dir];
}

export function newStage(root: string, track: string, slug: string): string[] {
  if (!SLUG.test(slug)) throw new CliError(`stage name '${slug}' must be lowercase letters, digits and dashes`);
  const stagesDir = path.join(root, track, "stages");
  if (!fs.existsSync(stagesDir))
    throw new CliError(`no track at ${path.join(root, track)}: create it with \`bsod challenges new ${track}\``);
  const existing = fs.readdirSync(stagesDir).filter((n) => /^\d+-/.test(n));
  if (existing.some((n) => n.replace(/^\d+-/, "") === slug)) throw new CliError(`stage '${slug}' exists in ${track}`);
  const next = Math.max(0, ...existing.map((n) => Number.parseInt(n, 10))) + 1;
  const dir = path.join(stagesDir, `${String(next).padStart(2, "0")}-${slug}`);
  stageFiles(dir, slug, next);
  return [dir];
}
