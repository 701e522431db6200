# Welcome to zigfest-redis! Push this repository to run the tests.
#
# Stage 1 (bind-port) asks your program to listen on TCP port 6379, like a real Redis.
# Read the stage's page, then replace the idle loop below with a server:
#
#     import socket
#     server = socket.create_server(("0.0.0.0", 6379), reuse_port=True)
#     conn, addr = server.accept()
#
# Later stages add PING, ECHO, SET/GET, ... one command at a time.
import time


def main() -> None:
    print("zigfest-redis: not listening yet, see stage 1", flush=True)
    # A server runs until it is stopped; this starter just waits.
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
