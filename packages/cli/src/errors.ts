// The one error the CLI shows to people: a line saying what went wrong and what to do.
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
