# A sample of a usual cat mistake: an unreadable file ends the program with a traceback
# instead of a message on stderr, and the files after it are never printed.
import sys

args = sys.argv[2:]
number = args[:1] == ["-n"]
n, at_start = 1, True
for name in (args[1:] if number else args) or ["-"]:
    data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
    if not number:
        sys.stdout.buffer.write(data)
        continue
    for line in data.splitlines(keepends=True):
        if at_start:
            sys.stdout.buffer.write(b"%6d\t" % n)
            n += 1
        sys.stdout.buffer.write(line)
        at_start = line.endswith(b"\n")
