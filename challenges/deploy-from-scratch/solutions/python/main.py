# Reference solution of deploy-from-scratch in Python: an HTTP/1.1 server on asyncio streams,
# from the socket up (no http.server). One task per connection reads requests in a loop, so
# keep-alive and pipelining come for free; a slow client only ever blocks its own task.
#
#   python3 main.py --directory DIR        serves DIR on 0.0.0.0:8080
#   RATE_LIMIT_RPS / RATE_LIMIT_BURST      per-client token bucket (off when unset)
import asyncio
import email.utils
import json
import math
import os
import re
import signal
import socket
import sys
import time
import urllib.parse
import uuid

PORT = 8080
MAX_HEAD = 64 * 1024
MAX_BODY = 8 * 1024 * 1024
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
REASONS = {
    200: "OK", 206: "Partial Content", 301: "Moved Permanently", 304: "Not Modified",
    400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 411: "Length Required",
    413: "Content Too Large", 416: "Range Not Satisfiable", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 501: "Not Implemented", 505: "HTTP Version Not Supported",
}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class BadRequest(Exception):
    def __init__(self, status, why):
        super().__init__(why)
        self.status = status


class Request:
    def __init__(self, method, target, version, headers, body):
        self.method, self.target, self.version = method, target, version
        self.headers, self.body = headers, body

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def keep_alive(self):
        conn = self.header("connection", "").lower()
        if "close" in conn:
            return False
        return self.version == "HTTP/1.1" or "keep-alive" in conn


class Response:
    def __init__(self, status, body=b"", headers=None):
        self.status, self.body = status, body
        self.headers = headers or {}
        self.head_only = False  # HEAD and 304: headers as for GET, no body


def http_date(ts):
    return email.utils.formatdate(ts, usegmt=True)


def parse_date(text):
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


# --- reading requests ---------------------------------------------------------------------

async def read_head(reader, first):
    try:
        rest = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise BadRequest(431, "request head too large")
    head = (first + rest)[:-4].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not TOKEN.match(parts[0]) or not parts[1]:
        raise BadRequest(400, "bad request line")
    method, target, version = parts
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise BadRequest(505 if version.startswith("HTTP/") else 400, "bad version")
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep or not TOKEN.match(name):
            raise BadRequest(400, "bad header line")
        key = name.lower()
        value = value.strip(" \t")
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    if version == "HTTP/1.1" and "host" not in headers:
        raise BadRequest(400, "no Host header")
    return method, target, version, headers


async def read_chunked(reader):
    body = bytearray()
    while True:
        line = await reader.readuntil(b"\r\n")
        size_text = line[:-2].split(b";")[0].strip()
        if not re.fullmatch(rb"[0-9a-fA-F]{1,8}", size_text):
            raise BadRequest(400, "bad chunk size")
        size = int(size_text, 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailer fields
                pass
            return bytes(body)
        if len(body) + size > MAX_BODY:
            raise BadRequest(413, "body too large")
        body += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise BadRequest(400, "chunk not followed by CRLF")


async def read_body(reader, headers):
    te = headers.get("transfer-encoding")
    cl = headers.get("content-length")
    if te is not None and cl is not None:
        raise BadRequest(400, "both Transfer-Encoding and Content-Length")
    if te is not None:
        if te.lower() != "chunked":
            raise BadRequest(501, "unsupported transfer coding")
        return await read_chunked(reader)
    if cl is not None:
        if not re.fullmatch(r"\d{1,10}", cl):
            raise BadRequest(400, "bad Content-Length")
        if int(cl) > MAX_BODY:
            raise BadRequest(413, "body too large")
        return await reader.readexactly(int(cl))
    return b""


# --- answering -----------------------------------------------------------------------------

class Server:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.conns = {}  # id -> {"idle": waiting for a request?, "writer": ...}
        self.draining = False
        self.rate = float(os.environ.get("RATE_LIMIT_RPS", "0") or 0)
        self.burst = float(os.environ.get("RATE_LIMIT_BURST", "0") or 0) or self.rate
        self.buckets = {}  # client ip -> (tokens, last refill)

    def limited(self, ip):
        """Token bucket per client: None when allowed, else the seconds to wait."""
        if self.rate <= 0:
            return None
        now = time.monotonic()
        tokens, last = self.buckets.get(ip, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens >= 1:
            self.buckets[ip] = (tokens - 1, now)
            return None
        self.buckets[ip] = (tokens, now)
        return max(1, math.ceil((1 - tokens) / self.rate))

    def resolve(self, target):
        path = urllib.parse.unquote(target.split("?", 1)[0].split("#", 1)[0])
        if not path.startswith("/") or "\0" in path:
            return None, path
        full = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if full != self.root and not full.startswith(self.root + os.sep):
            return None, path
        return full, path

    def static(self, req):
        if req.method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", {"Allow": "GET, HEAD"})
        full, path = self.resolve(req.target)
        if full is None:
            return Response(404, b"not found\n")
        if os.path.isdir(full):
            if not path.endswith("/"):
                return Response(301, b"", {"Location": path + "/"})
            full = os.path.join(full, "index.html")
        try:
            st = os.stat(full)
            if not os.path.isfile(full):
                return Response(404, b"not found\n")
            with open(full, "rb") as f:
                data = f.read()
        except OSError:
            return Response(404, b"not found\n")
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        mtime = int(st.st_mtime)
        headers = {
            "Content-Type": TYPES.get(os.path.splitext(full)[1].lower(), "application/octet-stream"),
            "ETag": etag,
            "Last-Modified": http_date(mtime),
            "Accept-Ranges": "bytes",
            "Cache-Control": "no-cache",
        }
        inm = req.header("if-none-match")
        ims = req.header("if-modified-since")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            if "*" in tags or etag in tags:
                return not_modified(headers)
        elif ims is not None:
            since = parse_date(ims)
            if since is not None and mtime <= since:
                return not_modified(headers)
        rng = req.header("range")
        if rng is not None and req.method == "GET" and if_range_holds(req.header("if-range"), etag, mtime):
            span = parse_range(rng, len(data))
            if span == "unsatisfiable":
                return Response(416, b"range not satisfiable\n", {"Content-Range": f"bytes */{len(data)}"})
            if span is not None:
                start, end = span
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
                return Response(206, data[start:end + 1], headers)
        return Response(200, data, headers)

    def route(self, req):
        path = req.target.split("?", 1)[0]
        if path == "/echo":
            if req.method != "POST":
                return Response(405, b"POST only\n", {"Allow": "POST"})
            return Response(200, req.body, {"Content-Type": req.header("content-type", "application/octet-stream")})
        return self.static(req)

    async def handle(self, reader, writer):
        conn = {"idle": False, "writer": writer}
        self.conns[id(conn)] = conn
        peer = (writer.get_extra_info("peername") or ("?", 0))[0]
        try:
            served = 0
            while True:  # a connection accepted while draining still gets its one request
                # Only a connection that has had a request counts as idle: a new one's request
                # may already be on its way (closing it unread would reset it).
                conn["idle"] = served > 0
                first = await reader.read(1)
                if not first:
                    break
                conn["idle"] = False
                started = time.monotonic()
                keep = True
                req = None
                try:
                    method, target, version, headers = await read_head(reader, first)
                    body = await read_body(reader, headers)
                    req = Request(method, target, version, headers, body)
                    wait = self.limited(peer)
                    if wait is not None:
                        res = Response(429, b"too many requests\n", {"Retry-After": str(wait)})
                    else:
                        res = self.route(req)
                    keep = req.keep_alive()
                except BadRequest as e:
                    res = Response(e.status, f"{e}\n".encode())
                    keep = False
                rid = req.header("x-request-id") if req else None
                if rid is None or not REQUEST_ID.match(rid):
                    rid = uuid.uuid4().hex
                res.headers["X-Request-Id"] = rid
                if self.draining:
                    keep = False
                await self.respond(writer, req, res, keep)
                log_access(req, res, peer, rid, started)
                served += 1
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            self.conns.pop(id(conn), None)
            writer.close()

    async def respond(self, writer, req, res, keep):
        head_only = res.head_only or (req is not None and req.method == "HEAD")
        headers = {"Date": http_date(time.time()), "Content-Length": str(len(res.body))}
        headers.update(res.headers)
        if res.status == 304:
            del headers["Content-Length"]
        if not keep:
            headers["Connection"] = "close"
        lines = [f"HTTP/1.1 {res.status} {REASONS.get(res.status, 'Unknown')}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if not head_only:
            writer.write(res.body)
        await writer.drain()

    def shut_down(self, server, listener):
        """SIGTERM: stop accepting, close idle connections, let requests in flight finish.

        `listener` is a duplicate of the listening socket: closing it is what really stops the
        listening. Before that, every connection already queued in the kernel is accepted and
        served, since closing a listening socket resets the ones still in its queue — and with
        SO_REUSEPORT a copy beside this one takes the new ones. No await runs in between.
        """
        self.draining = True
        server.close()
        for conn in list(self.conns.values()):
            if conn["idle"]:
                conn["writer"].close()
        while True:
            try:
                sock, _ = listener.accept()
            except (BlockingIOError, InterruptedError):
                break
            asyncio.get_running_loop().create_task(self.serve_socket(sock))
        listener.close()

    async def serve_socket(self, sock):
        sock.setblocking(False)
        reader, writer = await asyncio.open_connection(sock=sock, limit=MAX_HEAD)
        await self.handle(reader, writer)


def not_modified(headers):
    res = Response(304, b"", {k: v for k, v in headers.items() if k in ("ETag", "Last-Modified", "Cache-Control")})
    res.head_only = True
    return res


def if_range_holds(if_range, etag, mtime):
    if if_range is None:
        return True
    if if_range.startswith('"'):
        return if_range == etag
    since = parse_date(if_range)
    return since is not None and int(since) == mtime


def parse_range(value, size):
    """One byte range: (start, end) inclusive, "unsatisfiable", or None to ignore the header."""
    m = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", value)
    if not m or (m[1] == "" and m[2] == ""):
        return None
    if m[1] == "":
        n = int(m[2])
        if n == 0:
            return "unsatisfiable"
        return (max(0, size - n), size - 1) if size else "unsatisfiable"
    start = int(m[1])
    if start >= size:
        return "unsatisfiable"
    end = int(m[2]) if m[2] else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)


def log_access(req, res, peer, rid, started):
    line = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "method": req.method if req else None,
        "path": req.target if req else None,
        "status": res.status,
        "bytes": 0 if res.head_only or (req and req.method == "HEAD") else len(res.body),
        "duration_ms": round((time.monotonic() - started) * 1000, 3),
        "request_id": rid,
        "remote": peer,
    }
    sys.stdout.write(json.dumps(line) + "\n")


async def main():
    args = sys.argv[1:]
    root = args[args.index("--directory") + 1] if "--directory" in args else "."
    app = Server(root)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # a second copy may listen too
    sock.bind(("0.0.0.0", PORT))
    sock.listen(1024)
    sock.setblocking(False)
    listener = sock.dup()
    server = await asyncio.start_server(app.handle, sock=sock, limit=MAX_HEAD)
    print(f"serving {app.root} on port {PORT}", file=sys.stderr)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    app.shut_down(server, listener)
    deadline = time.monotonic() + 10
    while app.conns and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
