// Reference solution of zigfest-redis in Go: a goroutine per connection, a buffered RESP
// reader, one map behind a mutex. Replies are flushed when no more input is buffered, so a
// pipeline gets its replies in one write.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

type entry struct {
	value    string
	deadline time.Time // zero: never expires
}

var (
	mu    sync.Mutex
	store = map[string]entry{}
)

func lookup(key string) (string, bool) {
	e, ok := store[key]
	if !ok {
		return "", false
	}
	if !e.deadline.IsZero() && !time.Now().Before(e.deadline) {
		delete(store, key)
		return "", false
	}
	return e.value, true
}

func bulk(s string) string { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }

const nullBulk = "$-1\r\n"
const notInt = "-ERR value is not an integer or out of range\r\n"

func integer(n int64) string { return ":" + strconv.FormatInt(n, 10) + "\r\n" }

func execute(args []string) string {
	mu.Lock()
	defer mu.Unlock()
	name := strings.ToUpper(args[0])
	switch {
	case name == "PING" && len(args) == 1:
		return "+PONG\r\n"
	case name == "ECHO" && len(args) == 2:
		return bulk(args[1])
	case name == "SET" && len(args) >= 3:
		var deadline time.Time
		for i := 3; i < len(args); i += 2 {
			opt := strings.ToUpper(args[i])
			if (opt != "PX" && opt != "EX") || i+1 >= len(args) {
				return "-ERR syntax error\r\n"
			}
			n, err := strconv.ParseInt(args[i+1], 10, 64)
			if err != nil {
				return notInt
			}
			d := time.Duration(n) * time.Millisecond
			if opt == "EX" {
				d = time.Duration(n) * time.Second
			}
			deadline = time.Now().Add(d)
		}
		store[args[1]] = entry{args[2], deadline}
		return "+OK\r\n"
	case name == "GET" && len(args) == 2:
		if v, ok := lookup(args[1]); ok {
			return bulk(v)
		}
		return nullBulk
	case name == "INCR" && len(args) == 2:
		v, ok := lookup(args[1])
		if !ok {
			v = "0"
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return notInt
		}
		n++
		e := store[args[1]]
		store[args[1]] = entry{strconv.FormatInt(n, 10), e.deadline}
		return integer(n)
	case name == "DEL" && len(args) >= 2:
		var n int64
		for _, k := range args[1:] {
			if _, ok := lookup(k); ok {
				delete(store, k)
				n++
			}
		}
		return integer(n)
	case name == "EXISTS" && len(args) >= 2:
		var n int64
		for _, k := range args[1:] {
			if _, ok := lookup(k); ok {
				n++
			}
		}
		return integer(n)
	case name == "KEYS" && len(args) == 2:
		var keys []string
		for k := range store {
			if _, ok := lookup(k); !ok {
				continue
			}
			if m, _ := path.Match(args[1], k); m {
				keys = append(keys, k)
			}
		}
		var b strings.Builder
		b.WriteString("*" + strconv.Itoa(len(keys)) + "\r\n")
		for _, k := range keys {
			b.WriteString(bulk(k))
		}
		return b.String()
	case name == "TYPE" && len(args) == 2:
		if _, ok := lookup(args[1]); ok {
			return "+string\r\n"
		}
		return "+none\r\n"
	}
	return fmt.Sprintf("-ERR unknown command '%s'\r\n", args[0])
}

func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// readCommand reads one command: an array of bulk strings (or an inline line of words).
func readCommand(r *bufio.Reader) ([]string, error) {
	line, err := readLine(r)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(line, "*") {
		return strings.Fields(line), nil
	}
	n, err := strconv.Atoi(line[1:])
	if err != nil {
		return nil, errors.New("bad array length")
	}
	args := make([]string, 0, n)
	for i := 0; i < n; i++ {
		head, err := readLine(r)
		if err != nil {
			return nil, err
		}
		size, err := strconv.Atoi(strings.TrimPrefix(head, "$"))
		if err != nil || size < 0 {
			return nil, errors.New("bad bulk length")
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		args = append(args, string(buf[:size]))
	}
	return args, nil
}

func serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReaderSize(conn, 64*1024)
	w := bufio.NewWriterSize(conn, 64*1024)
	for {
		args, err := readCommand(r)
		if err != nil {
			return
		}
		if len(args) > 0 {
			w.WriteString(execute(args))
		}
		if r.Buffered() == 0 {
			if w.Flush() != nil {
				return
			}
		}
	}
}

func main() {
	ln, err := net.Listen("tcp", "0.0.0.0:6379")
	if err != nil {
		log.Fatal(err)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			continue
		}
		go serve(conn)
	}
}
