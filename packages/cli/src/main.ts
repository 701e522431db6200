#!/usr/bin/env node
// The `bsod` command: participant commands (login, clone, test, submit, status, logs, next)
// and organizer commands (challenges validate | verify | new).
import { Command } from "commander";
import { registerChallengeCommands } from "./challenges/register.ts";
import { backup, restore } from "./commands/admin.ts";
import { clone } from "./commands/clone.ts";
import { login } from "./commands/login.ts";
import { logs } from "./commands/logs.ts";
import { next } from "./commands/next.ts";
import { status } from "./commands/status.ts";
import { submit } from "./commands/submit.ts";
import { test } from "./commands/test.ts";
import { CliError } from "./errors.ts";

const program = new Command()
  .name("bsod")
  .description("Take part in (and run) bsod programming jams from the terminal")
  .option("--debug", "show stack traces");

program
  .command("login")
  .description("log in to a bsod server and store a token")
  .option("--server <url>", "server URL (default: the last one, or http://localhost:8080)")
  .option("-u, --username <name>")
  .option("-p, --password <password>", "or set BSOD_PASSWORD")
  .option("--token <token>", "use an existing personal access token")
  .action(login);
program
  .command("clone <jam> [dir]")
  .description("join a jam (if needed) and clone your repository")
  .option("-l, --language <language>", "language to join with")
  .action(clone);
program.command("test").description("grade the working tree as it is, without counting it").action(test);
program
  .command("submit")
  .description("commit changes (if any) and push them for grading")
  .option("-m, --message <message>", "commit message")
  .action(submit);
program.command("status").description("stages passed, current stage, rank").action(status);
program
  .command("logs [run]")
  .description("show a run's log (default: your latest)")
  .option("-f, --follow", "keep streaming until the run ends")
  .action(logs);
program.command("next").description("show the next stage's instructions").action(next);
registerChallengeCommands(program);
const admin = program.command("admin").description("run a deployment (organizers)");
admin
  .command("backup")
  .description("save the running deployment (database, repositories, config) to one .tar.gz")
  .option("-o, --output <file>", "where to save it (default: bsod-backup-<time>.tar.gz)")
  .action(backup);
admin
  .command("restore <archive>")
  .description("unpack a backup into a new, empty data dir to start a deployment from")
  .requiredOption("--data-dir <dir>", "the data dir to create")
  .action(restore);

program.parseAsync(process.argv).catch((err: unknown) => {
  const debug = program.opts().debug === true;
  if (err instanceof CliError) {
    process.stderr.write(`bsod: ${err.message}\n`);
    if (debug) process.stderr.write(`${err.stack}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`bsod: ${(err as Error).message ?? String(err)}\n`);
  if (debug) process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
