# Reference solution of zigfest-redis in Python: one asyncio event loop, a RESP parser that
# handles partial and pipelined input, and a dict of key -> (value, deadline in ms or None).
import asyncio
import fnmatch
import re
import time

store: dict[bytes, tuple[bytes, float | None]] = {}


def now_ms() -> float:
    return time.monotonic() * 1000


def simple(s: str) -> bytes:
    return b"+" + s.encode() + b"\r\n"


def error(s: str) -> bytes:
    return b"-" + s.encode() + b"\r\n"


def integer(n: int) -> bytes:
    return b":%d\r\n" % n


def bulk(b: bytes | None) -> bytes:
    if b is None:
        return b"$-1\r\n"
    return b"$%d\r\n%s\r\n" % (len(b), b)


def lookup(key: bytes) -> bytes | None:
    entry = store.get(key)
    if entry is None:
        return None
    value, deadline = entry
    if deadline is not None and now_ms() >= deadline:
        del store[key]
        return None
    return value


def glob(pattern: bytes) -> re.Pattern[str]:
    # Redis globs: * and ? (and [...]); fnmatch is close enough and case-sensitive with fnmatchcase.
    return re.compile(fnmatch.translate(pattern.decode("latin1")), re.DOTALL)


def execute(args: list[bytes]) -> bytes:
    name = args[0].upper()
    if name == b"PING":
        return simple("PONG") if len(args) == 1 else bulk(args[1])
    if name == b"ECHO" and len(args) == 2:
        return bulk(args[1])
    if name == b"SET" and len(args) >= 3:
        deadline = None
        opts = [a.upper() for a in args[3:]]
        i = 0
        while i < len(opts):
            if opts[i] in (b"PX", b"EX") and i + 1 < len(opts):
                try:
                    n = int(args[3 + i + 1])
                except ValueError:
                    return error("ERR value is not an integer or out of range")
                deadline = now_ms() + (n if opts[i] == b"PX" else n * 1000)
                i += 2
            else:
                return error("ERR syntax error")
        store[args[1]] = (args[2], deadline)
        return simple("OK")
    if name == b"GET" and len(args) == 2:
        return bulk(lookup(args[1]))
    if name == b"INCR" and len(args) == 2:
        value = lookup(args[1])
        try:
            n = int(value if value is not None else b"0")
            if not re.fullmatch(rb"-?\d+", value if value is not None else b"0"):
                raise ValueError
        except ValueError:
            return error("ERR value is not an integer or out of range")
        n += 1
        deadline = store[args[1]][1] if args[1] in store else None
        store[args[1]] = (str(n).encode(), deadline)
        return integer(n)
    if name == b"DEL" and len(args) >= 2:
        removed = 0
        for k in args[1:]:
            if lookup(k) is not None:
                del store[k]
                removed += 1
        return integer(removed)
    if name == b"EXISTS" and len(args) >= 2:
        return integer(sum(1 for k in args[1:] if lookup(k) is not None))
    if name == b"KEYS" and len(args) == 2:
        rx = glob(args[1])
        keys = [k for k in list(store) if lookup(k) is not None and rx.match(k.decode("latin1"))]
        return b"*%d\r\n" % len(keys) + b"".join(bulk(k) for k in keys)
    if name == b"TYPE" and len(args) == 2:
        return simple("string" if lookup(args[1]) is not None else "none")
    return error(f"ERR unknown command '{args[0].decode(errors='replace')}'")


def parse(buf: bytearray, at: int) -> tuple[list[bytes] | None, int]:
    """One command from buf[at:]: (args, next offset) or (None, at) when incomplete."""
    if at >= len(buf):
        return None, at
    if buf[at] != ord("*"):  # inline command: a line of words
        nl = buf.find(b"\n", at)
        if nl < 0:
            return None, at
        return bytes(buf[at:nl]).strip().split(), nl + 1
    nl = buf.find(b"\r\n", at)
    if nl < 0:
        return None, at
    count = int(buf[at + 1 : nl])
    pos = nl + 2
    args = []
    for _ in range(count):
        nl = buf.find(b"\r\n", pos)
        if nl < 0:
            return None, at
        length = int(buf[pos + 1 : nl])
        start = nl + 2
        if len(buf) < start + length + 2:
            return None, at
        args.append(bytes(buf[start : start + length]))
        pos = start + length + 2
    return args, pos


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    buf = bytearray()
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            buf += data
            out = []
            at = 0
            while True:
                args, nxt = parse(buf, at)
                if args is None:
                    break
                at = nxt
                if args:
                    out.append(execute(args))
            del buf[:at]
            if out:
                writer.write(b"".join(out))
                await writer.drain()
    except (ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(serve, "0.0.0.0", 6379, reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
