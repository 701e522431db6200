# Welcome to the unix jam! Push this repository to run the tests.
#
# Your program is every utility at once: the tests run it as
#     python3 main.py cat -n file.txt        python3 main.py wc -l a b
#     python3 main.py node                   (the distributed stages)
# so look at sys.argv[1] and dispatch. Stage 1 is `cat`: read its page, then fill in cat().
# Work with bytes (sys.stdin.buffer, sys.stdout.buffer, open(name, "rb")): inputs are not
# always valid UTF-8.
import sys


def cat(args):
    # TODO: copy each file (or stdin for "-" or no files) to stdout; -n numbers the lines.
    print("cat: not implemented yet", file=sys.stderr)
    return 1


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: main.py <utility> [args...]")
    tools = {"cat": cat}  # "wc": wc, … and so on
    tool = sys.argv[1]
    if tool not in tools:
        sys.exit(f"{tool}: unknown utility")
    sys.exit(tools[tool](sys.argv[2:]))


if __name__ == "__main__":
    main()
