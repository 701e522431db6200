# Reference solution of the hello track: the greeting without arguments, echo with them.
import sys


def main() -> None:
    args = sys.argv[1:]
    if not args:
        print("Hello, BSOD!")
    else:
        print(" ".join(args))


if __name__ == "__main__":
    main()
