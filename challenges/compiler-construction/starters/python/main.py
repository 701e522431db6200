# Welcome to the Compiler Construction jam! Push this repository to run the tests.
#
# Your program is a Lox interpreter driven by subcommands:
#     ./your_program tokenize FILE      stage 1: print the tokens of FILE
#     ./your_program parse FILE         stage 2: print the tree of one expression
#     ./your_program evaluate FILE      stage 3: print the value of one expression
#     ./your_program run FILE           stages 4-8: run a program
# Stage 1 is `tokenize`: read its page, then fill in tokenize() below.
import sys


def tokenize(source):
    # TODO: print one line per token, "<line> <TYPE> <lexeme> <literal>", ending with EOF;
    # report bad characters on stderr as "[line N] Error: Unexpected character." and exit 65.
    print("tokenize: not implemented yet", file=sys.stderr)
    return 1


def main():
    if len(sys.argv) != 3:
        print("usage: ./your_program tokenize|parse|evaluate|run FILE", file=sys.stderr)
        sys.exit(64)
    command, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    if command == "tokenize":
        sys.exit(tokenize(source))
    print(f"{command}: not implemented yet", file=sys.stderr)
    sys.exit(1)


main()
