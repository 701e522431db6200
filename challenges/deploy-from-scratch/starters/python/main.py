# Welcome to Deployment from Scratch! Push this repository to run the tests.
#
# Stage 1 (serve-directory): you are started as `python3 main.py --directory <dir>`; listen on
# TCP port 8080 and serve the files under <dir> over HTTP/1.1 — from the socket up (no
# http.server). Read the stage's page, then replace the idle loop below with a server:
#
#     import socket
#     server = socket.create_server(("0.0.0.0", 8080), reuse_port=True)
#     conn, addr = server.accept()   # then read the request, write the response
#
# Print debugging output on stderr: from stage 9 on, stdout is your access log.
import sys
import time


def main() -> None:
    print("deploy-from-scratch: not listening yet, see stage 1", file=sys.stderr, flush=True)
    # A server runs until it is stopped; this starter just waits.
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
