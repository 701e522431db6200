# A sample (wrong in the usual way): a static file server that answers one request per
# connection and closes it, so stage 1 passes and keep-alive (stage 2) fails.
import os
import socket
import sys
import urllib.parse

TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
         ".txt": "text/plain", ".png": "image/png", ".svg": "image/svg+xml"}
ROOT = os.path.realpath(sys.argv[sys.argv.index("--directory") + 1])


def answer(status, body, ctype="text/plain", extra=""):
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    return head.encode(), body


def handle(data):
    method, target, _ = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    path = urllib.parse.unquote(target.split("?", 1)[0])
    if method not in ("GET", "HEAD"):
        return answer("405 Method Not Allowed", b"no\n", extra="Allow: GET, HEAD\r\n")
    full = os.path.realpath(os.path.join(ROOT, path.lstrip("/")))
    if full != ROOT and not full.startswith(ROOT + "/"):
        return answer("404 Not Found", b"not found\n")
    if os.path.isdir(full):
        if not path.endswith("/"):
            return answer("301 Moved Permanently", b"", extra=f"Location: {path}/\r\n")
        full = os.path.join(full, "index.html")
    if not os.path.isfile(full):
        return answer("404 Not Found", b"not found\n")
    with open(full, "rb") as f:
        body = f.read()
    head, body = answer("200 OK", body, TYPES.get(os.path.splitext(full)[1], "application/octet-stream"))
    return head, b"" if method == "HEAD" else body


server = socket.create_server(("0.0.0.0", 8080), reuse_port=True)
while True:
    conn, _ = server.accept()
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    if data:
        head, body = handle(data)
        conn.sendall(head + body)
    conn.close()
