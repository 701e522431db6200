// `bsod completion bash|zsh`: a completion script made from the command tree itself, so a new
// command or option completes without editing this file. Install: eval "$(bsod completion bash)".
import type { Command } from "commander";
import { CliError } from "./errors.ts";

function words(cmd: Command): string[] {
  return [
    ...cmd.commands.map((c) => c.name()),
    ...cmd.options.flatMap((o) => [o.short, o.long].filter(Boolean) as string[]),
  ];
}

/** Every command path ("", "challenges", "challenges verify") with the words that may follow it. */
function table(cmd: Command, prefix: string[] = []): Array<[string, string[]]> {
  const here: [string, string[]] = [
    prefix.join(" "),
    [...words(cmd), ...(prefix.length === 0 ? ["--help", "--version"] : ["--help"])],
  ];
  return [here, ...cmd.commands.flatMap((c) => table(c, [...prefix, c.name()]))];
}

export function completionScript(program: Command, shell: string): string {
  if (shell !== "bash" && shell !== "zsh") throw new CliError(`no completion for '${shell}': use bash or zsh`);
  const cases = table(program)
    .map(([path, ws]) => `    "${path}") opts="${[...new Set(ws)].join(" ")}" ;;`)
    .join("\n");
  const body = `_bsod_complete() {
  local cur path word i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    case " $(_bsod_words "$path") " in *" $word "*) path="\${path:+$path }$word" ;; esac
  done
  COMPREPLY=($(compgen -W "$(_bsod_words "$path")" -- "$cur"))
}
_bsod_words() {
  local opts=""
  case "$1" in
${cases}
  esac
  echo "$opts"
}
complete -o default -F _bsod_complete bsod
`;
  return shell === "zsh" ? `autoload -U +X bashcompinit && bashcompinit\n${body}` : body;
}
