# A sample of a usual cat -n mistake: numbers without the 6-column padding and the tab.
import sys

args = sys.argv[2:]
number = args[:1] == ["-n"]
names = (args[1:] if number else args) or ["-"]
n = 0
for name in names:
    data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
    if not number:
        sys.stdout.buffer.write(data)
        continue
    for line in data.splitlines(keepends=True):
        n += 1
        sys.stdout.buffer.write(b"%d " % n + line)
