# A sample of the usual echo mistake: printing argv[0] along with the arguments.
import sys

if len(sys.argv) == 1:
    print("Hello, BSOD!")
else:
    print(" ".join(sys.argv))
