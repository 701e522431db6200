#!/usr/bin/env node
// The `bsod` command: participant commands (signup, login, jams, join, clone, test, submit,
// status, logs, next) and organizer commands (challenges validate | verify | new).
// Each command's module is imported when it runs, so starting the CLI loads only commander.
import { createRequire } from "node:module";
import { Command } from "commander";
import { registerChallengeCommands } from "./challenges/register.ts";
import { completionScript } from "./completion.ts";
import { CliError } from "./errors.ts";

// src/main.ts and dist/bsod.mjs both sit one folder below package.json.
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const program = new Command()
  .name("bsod")
  .description("Take part in (and run) bsod programming jams from the terminal")
  .version(version, "-V, --version", "print the CLI's version")
  .option("--debug", "show stack traces");

program
  .command("signup")
  .description("create an account on a bsod server and log in with it")
  .option("--server <url>", "server URL (default: the last one, or http://localhost:8080)")
  .option("-u, --username <name>")
  .option("-p, --password <password>", "or set BSOD_PASSWORD")
  .action(async (opts) => (await import("./commands/signup.ts")).signup(opts));
program
  .command("login")
  .description("log in to a bsod server and store a token")
  .option("--server <url>", "server URL (default: the last one, or http://localhost:8080)")
  .option("-u, --username <name>")
  .option("-p, --password <password>", "or set BSOD_PASSWORD")
  .option("--token <token>", "use an existing personal access token")
  .action(async (opts) => (await import("./commands/login.ts")).login(opts));
program
  .command("jams")
  .description("list the jams on the server")
  .action(async () => (await import("./commands/jams.ts")).jams());
program
  .command("join <jam>")
  .description("enroll in a jam with a language")
  .option("-l, --language <language>", "language to join with")
  .action(async (jam, opts) => (await import("./commands/join.ts")).join(jam, opts));
program
  .command("clone <jam> [dir]")
  .description("join a jam (if needed) and clone your repository")
  .option("-l, --language <language>", "language to join with")
  .action(async (jam, dir, opts) => (await import("./commands/clone.ts")).clone(jam, dir, opts));
program
  .command("test")
  .description("grade the working tree as it is, without counting it")
  .action(async () => (await import("./commands/test.ts")).test());
program
  .command("submit")
  .description("commit changes (if any) and push them for grading")
  .option("-m, --message <message>", "commit message")
  .action(async (opts) => (await import("./commands/submit.ts")).submit(opts));
program
  .command("status")
  .description("stages passed, current stage, rank")
  .action(async () => (await import("./commands/status.ts")).status());
program
  .command("logs [run]")
  .description("show a run's log (default: your latest)")
  .option("-f, --follow", "keep streaming until the run ends")
  .action(async (run, opts) => (await import("./commands/logs.ts")).logs(run, opts));
program
  .command("next")
  .description("show the next stage's instructions")
  .action(async () => (await import("./commands/next.ts")).next());
const tokens = program
  .command("tokens")
  .description("list your tokens (browser sessions, the CLI's, git tokens)")
  .option("-a, --all", "also revoked and expired ones")
  .action(async (opts) => (await import("./commands/tokens.ts")).listTokens(opts));
tokens
  .command("revoke <id>")
  .description("revoke a token: it stops working at once")
  .action(async (id) => (await import("./commands/tokens.ts")).revokeToken(id));
program
  .command("credential <operation>", { hidden: true })
  .description("git credential helper for the repositories bsod cloned")
  .action(async (op) => (await import("./commands/credential.ts")).credential(op));
registerChallengeCommands(program);
const admin = program.command("admin").description("run a deployment (organizers)");
admin
  .command("backup")
  .description("save the running deployment (database, repositories, config) to one .tar.gz")
  .option("-o, --output <file>", "where to save it (default: bsod-backup-<time>.tar.gz)")
  .action(async (opts) => (await import("./commands/admin.ts")).backup(opts));
admin
  .command("restore <archive>")
  .description("unpack a backup into a new, empty data dir to start a deployment from")
  .requiredOption("--data-dir <dir>", "the data dir to create")
  .action(async (archive, opts) => (await import("./commands/admin.ts")).restore(archive, opts));
program
  .command("completion <shell>")
  .description('print a completion script for bash or zsh: eval "$(bsod completion bash)"')
  .action((shell: string) => {
    process.stdout.write(completionScript(program, shell));
  });

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
