// Organizer commands for tracks: validate, verify, new (what they do is in actions.ts, loaded
// when one of them runs).
import type { Command } from "commander";

const actions = () => import("./actions.ts");

export function registerChallengeCommands(program: Command): void {
  const challenges = program.command("challenges").description("author and check tracks");
  challenges
    .command("validate [path]")
    .description("check every track file against the schema; errors as file:line: message")
    .action(async (target) => (await actions()).validate(target));
  challenges
    .command("verify <track>")
    .description("run starters (must fail stage 1) and solutions (must pass every stage) in the real sandbox")
    .option("--stage <slug>", "grade up to this stage only")
    .option("--solution <dir>", "grade this folder as if it had been pushed")
    .option("--language <lang>", "only this language (or the language of --solution)")
    .option("-v, --verbose", "show every run's log")
    .option("--update-golden", "write each sample's log to its samples/<name>/expected.log instead of comparing")
    .action(async (track, opts) => (await actions()).verify(track, opts));
  challenges
    .command("new <track> [stage]")
    .description("scaffold a track (or a stage in a track) that validates")
    .option("--root <dir>", "folder holding the tracks (default: ./challenges)")
    .option("--sandbox <runtime>", "container (default), or vm: a machine of its own (root over its kernel)")
    .option("--kernel <kernel>", "with --sandbox vm: stock (the runner's Linux, default) or own (the build's kernel)")
    .action(async (track, stage, opts) => (await actions()).scaffold(track, stage, opts));
}
