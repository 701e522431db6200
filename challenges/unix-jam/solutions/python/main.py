# Reference solution of the unix-jam track: `python3 main.py <utility> [args…]` behaves like
# GNU cat, wc, head, tail, sort, uniq, grep and cut (LC_ALL=C), and `python3 main.py node` is a
# node of the distributed stages (JSON messages, one per line, on stdin and stdout).
import functools
import json
import os
import re
import stat
import sys
import threading
import time

out = sys.stdout.buffer


def getopts(args, flags, valued=""):
    """Options before the operands: -n, -n5, -n 5, -lw. Returns (options, operands)."""
    opts, i = {}, 0
    while i < len(args) and args[i].startswith("-") and len(args[i]) > 1:
        a = args[i]
        i += 1
        if a == "--":
            break
        for j, c in enumerate(a[1:], 1):
            if c in valued:
                opts[c] = a[j + 1 :] or args[i]
                if not a[j + 1 :]:
                    i += 1
                break
            if c not in flags:
                sys.exit(f"unknown option -{c}")
            opts[c] = True
    return opts, args[i:]


def read_input(prog, name):
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError as e:
        sys.stderr.write(f"{prog}: {name}: {e.strerror}\n")
        return None


def lines_of(data):
    ls = data.split(b"\n")
    if ls[-1] == b"":
        ls.pop()
    return ls


def raw_lines(data):
    return re.findall(rb"[^\n]*\n|[^\n]+\Z", data)


def cat(args):
    o, files = getopts(args, "n")
    status, n, at_start = 0, 0, True
    for f in files or ["-"]:
        d = read_input("cat", f)
        if d is None:
            status = 1
            continue
        if not o.get("n"):
            out.write(d)
            continue
        parts = d.split(b"\n")
        for i, p in enumerate(parts):
            last = i == len(parts) - 1
            if last and not p:
                break
            if at_start:
                n += 1
                out.write(b"%6d\t" % n)
            out.write(p)
            if not last:
                out.write(b"\n")
            at_start = not last
    return status


WORD = re.compile(rb"[^ \t\n\v\f\r]+")
PRINTABLE = re.compile(rb"[\x21-\x7e]")


def wc(args):
    o, files = getopts(args, "lwc")
    show = [k for k in "lwc" if o.get(k)] or ["l", "w", "c"]
    names = files or [None]
    sizes = []
    for f in names:
        try:
            st = os.stat(f) if f not in (None, "-") else os.fstat(0)
            sizes.append(st.st_size if stat.S_ISREG(st.st_mode) else -1)
        except OSError:
            sizes.append(None)
    width = 1
    if not (len(show) == 1 and len(names) == 1) and sizes[0] is not None:
        total = sum(s for s in sizes if s is not None and s >= 0)
        width = max(len(str(total)), 7 if any(s == -1 for s in sizes) else 1)

    def row(k, label):
        nums = " ".join(str(k[c]).rjust(width) for c in show)
        out.write((nums + (" " + label if label is not None else "") + "\n").encode())

    status, total = 0, {"l": 0, "w": 0, "c": 0}
    for f in names:
        d = read_input("wc", f or "-")
        if d is None:
            status = 1
            continue
        k = {"l": d.count(b"\n"), "w": sum(1 for w in WORD.findall(d) if PRINTABLE.search(w)), "c": len(d)}
        for c in total:
            total[c] += k[c]
        row(k, f)
    if len(names) > 1:
        row(total, "total")
    return status


def head_tail(args, tail):
    o, files = getopts(args, "", "n")
    n = int(o.get("n", 10))
    d = read_input("tail" if tail else "head", files[0] if files else "-")
    if d is None:
        return 1
    ls = raw_lines(d)
    out.write(b"".join((ls[-n:] if n else []) if tail else ls[:n]))
    return 0


def num_key(line):
    m = re.match(rb"[ \t]*(-?)(\d+)", line)
    return 0 if not m else int(m.group(2)) * (-1 if m.group(1) else 1)


def sort(args):
    o, files = getopts(args, "nrus")
    data = []
    for f in files or ["-"]:
        d = read_input("sort", f)
        if d is None:
            return 2
        data += lines_of(d)
    key = num_key if o.get("n") else (lambda x: x)
    sign = -1 if o.get("r") else 1
    stable = o.get("s") or o.get("u")

    def cmp(a, b):
        ka, kb = key(a), key(b)
        k = (ka > kb) - (ka < kb)
        if k == 0 and not stable:
            k = (a > b) - (a < b)
        return sign * k

    data.sort(key=functools.cmp_to_key(cmp))
    last = None
    for line in data:
        if o.get("u") and last is not None and key(last) == key(line):
            continue
        last = line
        out.write(line + b"\n")
    return 0


def uniq(args):
    o, files = getopts(args, "cd")
    d = read_input("uniq", files[0] if files else "-")
    if d is None:
        return 1
    ls = lines_of(d)
    i = 0
    while i < len(ls):
        j = i
        while j < len(ls) and ls[j] == ls[i]:
            j += 1
        if not o.get("d") or j - i > 1:
            out.write((b"%7d " % (j - i) if o.get("c") else b"") + ls[i] + b"\n")
        i = j
    return 0


def bre(p, icase):
    """The basic regular expressions of the grep stage, as a Python regex on bytes."""
    o, i = b"", 0
    while i < len(p):
        c = p[i : i + 1]
        if c == b"\\" and i + 1 < len(p):
            o += re.escape(p[i + 1 : i + 2])
            i += 1
        elif c == b".":
            o += b"."
        elif c == b"*" and i > 0 and p[:i] != b"^":
            o += b"*"
        elif c == b"^" and i == 0:
            o += b"^"
        elif c == b"$" and i == len(p) - 1:
            o += rb"\Z"
        elif c == b"[":
            j = p.index(b"]", i + 2)
            o += p[i : j + 1].replace(b"\\", b"\\\\")
            i = j
        else:
            o += re.escape(c)
        i += 1
    return re.compile(o, re.DOTALL | (re.IGNORECASE if icase else 0))


def grep(args):
    o, rest = getopts(args, "Fivnc")
    pat, files = os.fsencode(rest[0]), rest[1:] or ["-"]
    if o.get("F"):
        p = pat.lower() if o.get("i") else pat
        match = lambda line: p in (line.lower() if o.get("i") else line)  # noqa: E731
    else:
        rx = bre(pat, o.get("i"))
        match = lambda line: rx.search(line) is not None  # noqa: E731
    error, found = False, False
    for f in files:
        d = read_input("grep", f)
        if d is None:
            error = True
            continue
        prefix = (b"(standard input)" if f == "-" else os.fsencode(f)) + b":" if len(files) > 1 else b""
        count = 0
        for n, line in enumerate(lines_of(d), 1):
            if match(line) != bool(o.get("v")):
                count += 1
                if not o.get("c"):
                    out.write(prefix + (b"%d:" % n if o.get("n") else b"") + line + b"\n")
        if o.get("c"):
            out.write(prefix + b"%d\n" % count)
        found = found or count > 0
    return 2 if error else 0 if found else 1


def cut(args):
    o, files = getopts(args, "", "df")
    delim = os.fsencode(o.get("d", "\t"))
    ranges = []
    for part in o["f"].split(","):
        lo, dash, hi = part.partition("-")
        ranges.append((int(lo or 1), int(hi) if hi else (10**9 if dash else int(lo))))
    status = 0
    for f in files or ["-"]:
        d = read_input("cut", f)
        if d is None:
            status = 1
            continue
        for line in lines_of(d):
            if delim in line:
                fields = line.split(delim)
                line = delim.join(x for i, x in enumerate(fields, 1) if any(a <= i <= b for a, b in ranges))
            out.write(line + b"\n")
    return status


def node():
    lock = threading.Lock()
    me = {"id": None, "ids": [], "next": 0}
    values, known = set(), {}

    def send(dest, body):
        line = json.dumps({"src": me["id"], "dest": dest, "body": body}) + "\n"
        with lock:
            sys.stdout.write(line)
            sys.stdout.flush()

    def gossip():
        # Every 100 ms, send each peer the values it has not acknowledged yet.
        while True:
            time.sleep(0.1)
            with lock:
                todo = [(p, sorted(values - known.setdefault(p, set()))) for p in me["ids"] if p != me["id"]]
            for p, vs in todo:
                if vs:
                    send(p, {"type": "gossip", "messages": vs})

    threading.Thread(target=gossip, daemon=True).start()
    for line in iter(sys.stdin.readline, ""):
        if not line.strip():
            continue
        msg = json.loads(line)
        src, b = msg["src"], msg["body"]
        t = b["type"]
        r = None
        if t == "init":
            me["id"], me["ids"] = b["node_id"], b["node_ids"]
            r = {"type": "init_ok"}
        elif t == "echo":
            r = {"type": "echo_ok", "echo": b["echo"]}
        elif t == "generate":
            me["next"] += 1
            r = {"type": "generate_ok", "id": f"{me['id']}-{me['next']}"}
        elif t == "topology":
            r = {"type": "topology_ok"}
        elif t == "broadcast":
            with lock:
                values.add(b["message"])
            r = {"type": "broadcast_ok"}
        elif t == "read":
            with lock:
                r = {"type": "read_ok", "messages": sorted(values)}
        elif t in ("gossip", "gossip_ok"):
            with lock:
                values.update(b["messages"])
                known.setdefault(src, set()).update(b["messages"])
            if t == "gossip":
                send(src, {"type": "gossip_ok", "messages": b["messages"]})
        if r is not None:
            r["in_reply_to"] = b.get("msg_id")
            send(src, r)
    return 0


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: main.py <cat|wc|head|tail|sort|uniq|grep|cut|node> [args…]")
    tool, args = sys.argv[1], sys.argv[2:]
    tools = {
        "cat": cat,
        "wc": wc,
        "head": lambda a: head_tail(a, False),
        "tail": lambda a: head_tail(a, True),
        "sort": sort,
        "uniq": uniq,
        "grep": grep,
        "cut": cut,
        "node": lambda a: node(),
    }
    if tool not in tools:
        sys.exit(f"unknown utility {tool}")
    status = tools[tool](args)
    out.flush()
    sys.exit(status)


if __name__ == "__main__":
    main()
