// Organizer commands for tracks: validate, verify, new.
import type { Command } from "commander";

export function registerChallengeCommands(program: Command): void {
  program.command("challenges").description("author and check tracks (validate | verify | new)");
}
