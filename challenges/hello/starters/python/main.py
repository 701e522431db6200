# Welcome to bsod! Push this repository to run the tests.
#
# Stage 1 asks your program to print:  Hello, BSOD!
# Read the stage's page for the details, then make it happen below.
import sys


def main() -> None:
    # print("...")
    pass


if __name__ == "__main__":
    main()
