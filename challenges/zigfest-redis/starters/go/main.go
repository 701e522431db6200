// Welcome to zigfest-redis! Push this repository to run the tests.
//
// Stage 1 (bind-port) asks your program to listen on TCP port 6379, like a real Redis.
// Read the stage's page, then replace the idle wait below with a server:
//
//	ln, err := net.Listen("tcp", "0.0.0.0:6379")
//	conn, err := ln.Accept()
//
// Later stages add PING, ECHO, SET/GET, ... one command at a time.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("zigfest-redis: not listening yet, see stage 1")
	// A server runs until it is stopped; this starter just waits.
	for {
		time.Sleep(time.Hour)
	}
}
