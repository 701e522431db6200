// Welcome to Deployment from Scratch! Push this repository to run the tests.
//
// Stage 1 (serve-directory): you are started as `./your_program --directory <dir>`; listen on
// TCP port 8080 and serve the files under <dir> over HTTP/1.1 — with the net package only (no
// net/http: the point is to write the protocol). Read the stage's page, then replace the idle
// wait below with a server:
//
//	ln, err := net.Listen("tcp", "0.0.0.0:8080")
//	conn, err := ln.Accept() // then read the request, write the response
//
// Print debugging output on stderr: from stage 9 on, stdout is your access log.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Fprintln(os.Stderr, "deploy-from-scratch: not listening yet, see stage 1")
	// A server runs until it is stopped; this starter just waits.
	for {
		time.Sleep(time.Hour)
	}
}
