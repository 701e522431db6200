# A sample of the usual PING mistake: answering with a bulk string instead of +PONG.
import socket

srv = socket.create_server(("0.0.0.0", 6379), reuse_port=True)
while True:
    conn, _ = srv.accept()
    with conn:
        while conn.recv(1024):
            conn.sendall(b"$4\r\nPONG\r\n")
