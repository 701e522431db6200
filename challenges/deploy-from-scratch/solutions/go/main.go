// Reference solution of deploy-from-scratch in Go: an HTTP/1.1 server on the net package (no
// net/http). A goroutine per connection reads requests in a loop through a bufio.Reader, so
// keep-alive and pipelining come for free and a slow client only blocks its own goroutine.
//
//	./app --directory DIR                 serves DIR on 0.0.0.0:8080 (SO_REUSEPORT)
//	RATE_LIMIT_RPS / RATE_LIMIT_BURST     per-client token bucket (off when unset)
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	port    = 8080
	maxHead = 64 * 1024
	maxBody = 8 << 20
)

var types = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".json": "application/json",
	".txt": "text/plain; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml",
}

var reasons = map[int]string{
	200: "OK", 206: "Partial Content", 301: "Moved Permanently", 304: "Not Modified",
	400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
	416: "Range Not Satisfiable", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
	501: "Not Implemented", 505: "HTTP Version Not Supported",
}

var (
	tokenRe     = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)
	rangeRe     = regexp.MustCompile(`^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$`)
)

type request struct {
	method, target, version string
	headers                 map[string]string
	body                    []byte
}

func (r *request) keepAlive() bool {
	c := strings.ToLower(r.headers["connection"])
	if strings.Contains(c, "close") {
		return false
	}
	return r.version == "HTTP/1.1" || strings.Contains(c, "keep-alive")
}

type response struct {
	status   int
	headers  [][2]string
	body     []byte
	headOnly bool
}

func (r *response) set(k, v string) { r.headers = append(r.headers, [2]string{k, v}) }

type badRequest struct {
	status int
	why    string
}

func (e *badRequest) Error() string { return e.why }

// --- reading requests ------------------------------------------------------------------------

func readLine(br *bufio.Reader, budget *int) (string, error) {
	line, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return "", &badRequest{431, "header line too long"}
	}
	if err != nil {
		return "", err
	}
	*budget -= len(line)
	if *budget < 0 {
		return "", &badRequest{431, "request head too large"}
	}
	return strings.TrimRight(string(line), "\r\n"), nil
}

func readRequest(br *bufio.Reader) (*request, error) {
	budget := maxHead
	line, err := readLine(br, &budget)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(line, " ")
	if len(parts) != 3 || !tokenRe.MatchString(parts[0]) || parts[1] == "" {
		return nil, &badRequest{400, "bad request line"}
	}
	req := &request{method: parts[0], target: parts[1], version: parts[2], headers: map[string]string{}}
	if req.version != "HTTP/1.1" && req.version != "HTTP/1.0" {
		return nil, &badRequest{505, "unsupported version"}
	}
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		i := strings.IndexByte(line, ':')
		if i <= 0 || !tokenRe.MatchString(line[:i]) {
			return nil, &badRequest{400, "bad header line"}
		}
		k, v := strings.ToLower(line[:i]), strings.Trim(line[i+1:], " \t")
		if old, ok := req.headers[k]; ok {
			v = old + ", " + v
		}
		req.headers[k] = v
	}
	if req.version == "HTTP/1.1" && req.headers["host"] == "" {
		if _, ok := req.headers["host"]; !ok {
			return nil, &badRequest{400, "no Host header"}
		}
	}
	te, hasTE := req.headers["transfer-encoding"]
	cl, hasCL := req.headers["content-length"]
	switch {
	case hasTE && hasCL:
		return nil, &badRequest{400, "both Transfer-Encoding and Content-Length"}
	case hasTE:
		if strings.ToLower(te) != "chunked" {
			return nil, &badRequest{501, "unsupported transfer coding"}
		}
		req.body, err = readChunked(br)
	case hasCL:
		n, perr := strconv.Atoi(cl)
		if perr != nil || n < 0 || strings.TrimLeft(cl, "0123456789") != "" {
			return nil, &badRequest{400, "bad Content-Length"}
		}
		if n > maxBody {
			return nil, &badRequest{413, "body too large"}
		}
		req.body = make([]byte, n)
		_, err = io.ReadFull(br, req.body)
	}
	return req, err
}

func readChunked(br *bufio.Reader) ([]byte, error) {
	var body []byte
	budget := maxHead
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, err
		}
		sizeText := strings.TrimSpace(strings.SplitN(line, ";", 2)[0])
		size, perr := strconv.ParseUint(sizeText, 16, 32)
		if perr != nil {
			return nil, &badRequest{400, "bad chunk size"}
		}
		if size == 0 {
			for { // trailer fields, up to the empty line
				l, err := readLine(br, &budget)
				if err != nil || l == "" {
					return body, err
				}
			}
		}
		if len(body)+int(size) > maxBody {
			return nil, &badRequest{413, "body too large"}
		}
		chunk := make([]byte, size+2)
		if _, err := io.ReadFull(br, chunk); err != nil {
			return nil, err
		}
		if chunk[size] != '\r' || chunk[size+1] != '\n' {
			return nil, &badRequest{400, "chunk not followed by CRLF"}
		}
		body = append(body, chunk[:size]...)
	}
}

// --- answering -------------------------------------------------------------------------------

type server struct {
	root   string
	mu     sync.Mutex
	conns  map[net.Conn]bool // conn -> idle (waiting for a request)
	drain  bool
	wg     sync.WaitGroup
	rate   float64
	burst  float64
	bucket map[string][2]float64 // ip -> tokens, last refill (unix seconds)
	logMu  sync.Mutex
	log    *bufio.Writer
}

func httpDate(t time.Time) string { return t.UTC().Format(time.RFC1123[:len(time.RFC1123)-3] + "GMT") }

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC1123, s)
	return t, err == nil
}

// limited applies the per-client token bucket: 0 when allowed, else the seconds to wait.
func (s *server) limited(ip string) int {
	if s.rate <= 0 {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := float64(time.Now().UnixNano()) / 1e9
	b, ok := s.bucket[ip]
	if !ok {
		b = [2]float64{s.burst, now}
	}
	tokens := math.Min(s.burst, b[0]+(now-b[1])*s.rate)
	if tokens >= 1 {
		s.bucket[ip] = [2]float64{tokens - 1, now}
		return 0
	}
	s.bucket[ip] = [2]float64{tokens, now}
	return int(math.Max(1, math.Ceil((1-tokens)/s.rate)))
}

func unescape(p string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] != '%' {
			b.WriteByte(p[i])
			continue
		}
		if i+2 >= len(p) {
			return "", false
		}
		v, err := strconv.ParseUint(p[i+1:i+3], 16, 8)
		if err != nil || v == 0 {
			return "", false
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), true
}

func (s *server) static(req *request) *response {
	if req.method != "GET" && req.method != "HEAD" {
		r := &response{status: 405, body: []byte("method not allowed\n")}
		r.set("Allow", "GET, HEAD")
		return r
	}
	notFound := &response{status: 404, body: []byte("not found\n")}
	raw := strings.SplitN(strings.SplitN(req.target, "?", 2)[0], "#", 2)[0]
	path, ok := unescape(raw)
	if !ok || !strings.HasPrefix(path, "/") {
		return notFound
	}
	full, err := filepath.EvalSymlinks(filepath.Join(s.root, filepath.FromSlash(path)))
	if err != nil || (full != s.root && !strings.HasPrefix(full, s.root+string(filepath.Separator))) {
		return notFound
	}
	st, err := os.Stat(full)
	if err != nil {
		return notFound
	}
	if st.IsDir() {
		if !strings.HasSuffix(path, "/") {
			r := &response{status: 301}
			r.set("Location", path+"/")
			return r
		}
		full = filepath.Join(full, "index.html")
		if st, err = os.Stat(full); err != nil {
			return notFound
		}
	}
	if !st.Mode().IsRegular() {
		return notFound
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return notFound
	}
	etag := fmt.Sprintf(`"%x-%x"`, st.ModTime().UnixNano(), st.Size())
	mtime := st.ModTime().Truncate(time.Second)
	ctype, ok := types[strings.ToLower(filepath.Ext(full))]
	if !ok {
		ctype = "application/octet-stream"
	}
	validators := func(r *response) *response {
		r.set("ETag", etag)
		r.set("Last-Modified", httpDate(mtime))
		r.set("Cache-Control", "no-cache")
		return r
	}
	if inm, ok := req.headers["if-none-match"]; ok {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return validators(&response{status: 304, headOnly: true})
			}
		}
	} else if ims, ok := req.headers["if-modified-since"]; ok {
		if since, ok := parseDate(ims); ok && !mtime.After(since) {
			return validators(&response{status: 304, headOnly: true})
		}
	}
	size := int64(len(data))
	if rng, ok := req.headers["range"]; ok && req.method == "GET" && ifRangeHolds(req.headers, etag, mtime) {
		if m := rangeRe.FindStringSubmatch(rng); m != nil && (m[1] != "" || m[2] != "") {
			start, end := int64(-1), size-1
			if m[1] == "" {
				n, _ := strconv.ParseInt(m[2], 10, 64)
				if n > 0 {
					start = size - n
					if start < 0 {
						start = 0
					}
				}
			} else {
				start, _ = strconv.ParseInt(m[1], 10, 64)
				if m[2] != "" {
					end, _ = strconv.ParseInt(m[2], 10, 64)
				}
				if end >= size {
					end = size - 1
				}
			}
			if start < 0 || start >= size {
				r := &response{status: 416, body: []byte("range not satisfiable\n")}
				r.set("Content-Range", fmt.Sprintf("bytes */%d", size))
				return r
			}
			if end >= start {
				r := validators(&response{status: 206, body: data[start : end+1]})
				r.set("Content-Type", ctype)
				r.set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, size))
				return r
			}
		}
	}
	r := validators(&response{status: 200, body: data})
	r.set("Content-Type", ctype)
	r.set("Accept-Ranges", "bytes")
	return r
}

func ifRangeHolds(h map[string]string, etag string, mtime time.Time) bool {
	v, ok := h["if-range"]
	if !ok {
		return true
	}
	if strings.HasPrefix(v, `"`) {
		return v == etag
	}
	t, ok := parseDate(v)
	return ok && t.Equal(mtime)
}

func (s *server) route(req *request) *response {
	if strings.SplitN(req.target, "?", 2)[0] == "/echo" {
		if req.method != "POST" {
			r := &response{status: 405, body: []byte("POST only\n")}
			r.set("Allow", "POST")
			return r
		}
		ctype := req.headers["content-type"]
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		r := &response{status: 200, body: req.body}
		r.set("Content-Type", ctype)
		return r
	}
	return s.static(req)
}

func write(w *bufio.Writer, req *request, res *response, keep bool, rid string) error {
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nDate: %s\r\n", res.status, reasons[res.status], httpDate(time.Now()))
	if res.status != 304 {
		fmt.Fprintf(w, "Content-Length: %d\r\n", len(res.body))
	}
	for _, h := range res.headers {
		fmt.Fprintf(w, "%s: %s\r\n", h[0], h[1])
	}
	fmt.Fprintf(w, "X-Request-Id: %s\r\n", rid)
	if !keep {
		w.WriteString("Connection: close\r\n")
	}
	w.WriteString("\r\n")
	if !res.headOnly && (req == nil || req.method != "HEAD") {
		w.Write(res.body)
	}
	return w.Flush()
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *server) setIdle(c net.Conn, idle bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = idle
	return s.drain
}

func (s *server) handle(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	ip, _, _ := net.SplitHostPort(c.RemoteAddr().String())
	br := bufio.NewReaderSize(c, 16*1024)
	bw := bufio.NewWriterSize(c, 16*1024)
	for served := 0; ; served++ {
		// Only a connection that has had a request counts as idle: a new one's request may
		// already be on its way (closing it unread would reset it).
		if s.setIdle(c, served > 0) && served > 0 {
			return
		}
		if _, err := br.Peek(1); err != nil {
			return
		}
		draining := s.setIdle(c, false)
		started := time.Now()
		req, err := readRequest(br)
		var res *response
		keep := true
		var bad *badRequest
		switch {
		case errors.As(err, &bad):
			res, keep, req = &response{status: bad.status, body: []byte(bad.why + "\n")}, false, nil
		case err != nil:
			return
		default:
			if wait := s.limited(ip); wait > 0 {
				res = &response{status: 429, body: []byte("too many requests\n")}
				res.set("Retry-After", strconv.Itoa(wait))
			} else {
				res = s.route(req)
			}
			keep = req.keepAlive() && !draining
		}
		rid := ""
		if req != nil && requestIDRe.MatchString(req.headers["x-request-id"]) {
			rid = req.headers["x-request-id"]
		} else {
			rid = newID()
		}
		if err := write(bw, req, res, keep, rid); err != nil {
			return
		}
		s.logAccess(req, res, ip, rid, started)
		if !keep {
			return
		}
	}
}

func (s *server) logAccess(req *request, res *response, ip, rid string, started time.Time) {
	entry := map[string]interface{}{
		"time": time.Now().UTC().Format(time.RFC3339Nano), "status": res.status, "request_id": rid,
		"remote": ip, "duration_ms": float64(time.Since(started).Microseconds()) / 1000,
		"method": nil, "path": nil, "bytes": len(res.body),
	}
	if req != nil {
		entry["method"], entry["path"] = req.method, req.target
		if req.method == "HEAD" {
			entry["bytes"] = 0
		}
	}
	if res.headOnly {
		entry["bytes"] = 0
	}
	line, _ := json.Marshal(entry)
	s.logMu.Lock()
	s.log.Write(append(line, '\n'))
	s.log.Flush()
	s.logMu.Unlock()
}

func (s *server) serve(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = false
	s.wg.Add(1)
	s.mu.Unlock()
	go s.handle(c)
}

// listen makes the listening socket with SO_REUSEPORT (net.Listen cannot), and returns its fd too.
func listen() (net.Listener, int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, -1, err
	}
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, 0xf /* SO_REUSEPORT */, 1)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Port: port}); err != nil {
		return nil, -1, err
	}
	if err := syscall.Listen(fd, 1024); err != nil {
		return nil, -1, err
	}
	dup, err := syscall.Dup(fd) // net.FileListener takes its own copy; this one stays ours
	if err != nil {
		return nil, -1, err
	}
	f := os.NewFile(uintptr(fd), "listener")
	defer f.Close()
	ln, err := net.FileListener(f)
	return ln, dup, err
}

func main() {
	root := "."
	for i, a := range os.Args {
		if a == "--directory" && i+1 < len(os.Args) {
			root = os.Args[i+1]
		}
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "no such directory:", root)
		os.Exit(1)
	}
	abs, _ := filepath.Abs(real)
	s := &server{root: abs, conns: map[net.Conn]bool{}, bucket: map[string][2]float64{}, log: bufio.NewWriter(os.Stdout)}
	s.rate, _ = strconv.ParseFloat(os.Getenv("RATE_LIMIT_RPS"), 64)
	s.burst, _ = strconv.ParseFloat(os.Getenv("RATE_LIMIT_BURST"), 64)
	if s.burst <= 0 {
		s.burst = s.rate
	}
	ln, fd, err := listen()
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "serving %s on port %d\n", abs, port)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop // graceful shutdown: stop accepting, close idle connections, finish the rest
		ln.Close()
		s.mu.Lock()
		s.drain = true
		for c, idle := range s.conns {
			if idle {
				c.Close()
			}
		}
		s.mu.Unlock()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			break
		}
		s.serve(c)
	}
	// The Accept loop has ended (SIGTERM closed ln), but fd still holds the listening socket:
	// accept what the kernel has already queued — closing a listening socket resets those
	// connections, while with SO_REUSEPORT a copy beside this one takes the new ones.
	syscall.SetNonblock(fd, true)
	for {
		nfd, _, err := syscall.Accept4(fd, syscall.SOCK_CLOEXEC)
		if err != nil {
			break
		}
		f := os.NewFile(uintptr(nfd), "conn")
		c, err := net.FileConn(f)
		f.Close()
		if err == nil {
			s.serve(c)
		}
	}
	syscall.Close(fd)
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
}
