// Reference solution of the unix-jam track in Go: `app <utility> [args…]` behaves like GNU
// cat, wc, head, tail, sort, uniq, grep and cut (C locale: bytes), and `app node` is a node of
// the distributed stages (JSON messages, one per line, on stdin and stdout).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var out = bufio.NewWriterSize(os.Stdout, 1<<16)
var prog string

// getopts parses options before the operands: -n, -n5, -n 5, -lw.
func getopts(args []string, flags, valued string) (map[byte]string, []string) {
	opts := map[byte]string{}
	i := 0
	for i < len(args) && len(args[i]) > 1 && args[i][0] == '-' {
		a := args[i]
		i++
		if a == "--" {
			break
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if strings.IndexByte(valued, c) >= 0 {
				if j+1 < len(a) {
					opts[c] = a[j+1:]
				} else {
					opts[c] = args[i]
					i++
				}
				break
			}
			if strings.IndexByte(flags, c) < 0 {
				fmt.Fprintf(os.Stderr, "%s: unknown option -%c\n", prog, c)
				os.Exit(2)
			}
			opts[c] = "1"
		}
	}
	return opts, args[i:]
}

func slurp(name string) ([]byte, bool) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(os.Stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			msg = pe.Err.Error()
			if os.IsNotExist(err) {
				msg = "No such file or directory"
			}
		}
		fmt.Fprintf(os.Stderr, "%s: %s: %s\n", prog, name, msg)
		return nil, false
	}
	return b, true
}

func lines(b []byte) [][]byte {
	if len(b) == 0 {
		return nil
	}
	ls := bytes.Split(b, []byte("\n"))
	if len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// rawLines keeps each line's \n.
func rawLines(b []byte) [][]byte {
	var ls [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b) - 1
		}
		ls = append(ls, b[:i+1])
		b = b[i+1:]
	}
	return ls
}

func orStdin(files []string) []string {
	if len(files) == 0 {
		return []string{"-"}
	}
	return files
}

func cat(args []string) int {
	o, files := getopts(args, "n", "")
	st, n, start := 0, 0, true
	for _, f := range orStdin(files) {
		b, ok := slurp(f)
		if !ok {
			st = 1
			continue
		}
		if o['n'] == "" {
			out.Write(b)
			continue
		}
		for _, c := range b {
			if start {
				n++
				fmt.Fprintf(out, "%6d\t", n)
			}
			out.WriteByte(c)
			start = c == '\n'
		}
	}
	return st
}

func wc(args []string) int {
	o, files := getopts(args, "lwc", "")
	show := []bool{o['l'] != "", o['w'] != "", o['c'] != ""}
	nshow := 0
	for _, s := range show {
		if s {
			nshow++
		}
	}
	if nshow == 0 {
		show, nshow = []bool{true, true, true}, 3
	}
	names := files
	if len(names) == 0 {
		names = []string{""}
	}
	width := 1
	if !(nshow == 1 && len(names) == 1) {
		total, min, firstOK := int64(0), 1, true
		for i, f := range names {
			var fi os.FileInfo
			var err error
			if f == "" || f == "-" {
				fi, err = os.Stdin.Stat()
			} else {
				fi, err = os.Stat(f)
			}
			if err != nil {
				if i == 0 {
					firstOK = false
				}
				continue
			}
			if fi.Mode().IsRegular() {
				total += fi.Size()
			} else {
				min = 7
			}
		}
		if firstOK {
			width = len(strconv.FormatInt(total, 10))
			if width < min {
				width = min
			}
		}
	}
	row := func(c [3]int, label string) {
		sep := ""
		for j := 0; j < 3; j++ {
			if show[j] {
				fmt.Fprintf(out, "%s%*d", sep, width, c[j])
				sep = " "
			}
		}
		if label != "" {
			fmt.Fprintf(out, " %s", label)
		}
		out.WriteByte('\n')
	}
	st := 0
	var tot [3]int
	for _, f := range names {
		name := f
		if name == "" {
			name = "-"
		}
		b, ok := slurp(name)
		if !ok {
			st = 1
			continue
		}
		var c [3]int
		in := false
		for _, ch := range b {
			if ch == '\n' {
				c[0]++
			}
			if ch == ' ' || (ch >= '\t' && ch <= '\r') {
				in = false
			} else if ch > 0x20 && ch < 0x7f && !in {
				in = true
				c[1]++
			}
		}
		c[2] = len(b)
		for j := range tot {
			tot[j] += c[j]
		}
		row(c, f)
	}
	if len(names) > 1 {
		row(tot, "total")
	}
	return st
}

func headTail(args []string, tail bool) int {
	o, files := getopts(args, "", "n")
	n := 10
	if v, ok := o['n']; ok {
		n, _ = strconv.Atoi(v)
	}
	b, ok := slurp(orStdin(files)[0])
	if !ok {
		return 1
	}
	ls := rawLines(b)
	if tail {
		if n < len(ls) {
			ls = ls[len(ls)-n:]
		}
	} else if n < len(ls) {
		ls = ls[:n]
	}
	for _, l := range ls {
		out.Write(l)
	}
	return 0
}

var numRe = regexp.MustCompile(`^[ \t]*(-?)([0-9]+)`)

func numKey(l []byte) int64 {
	m := numRe.FindSubmatch(l)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseInt(string(m[2]), 10, 64)
	if len(m[1]) > 0 {
		v = -v
	}
	return v
}

func sortCmd(args []string) int {
	o, files := getopts(args, "nrus", "")
	var ls [][]byte
	for _, f := range orStdin(files) {
		b, ok := slurp(f)
		if !ok {
			return 2
		}
		ls = append(ls, lines(b)...)
	}
	key := func(a, b []byte) int {
		if o['n'] != "" {
			x, y := numKey(a), numKey(b)
			if x < y {
				return -1
			} else if x > y {
				return 1
			}
			return 0
		}
		return bytes.Compare(a, b)
	}
	sign := 1
	if o['r'] != "" {
		sign = -1
	}
	stable := o['s'] != "" || o['u'] != ""
	sort.SliceStable(ls, func(i, j int) bool {
		c := key(ls[i], ls[j])
		if c == 0 && !stable {
			c = bytes.Compare(ls[i], ls[j])
		}
		return sign*c < 0
	})
	for i, l := range ls {
		if o['u'] != "" && i > 0 && key(ls[i-1], l) == 0 {
			continue
		}
		out.Write(l)
		out.WriteByte('\n')
	}
	return 0
}

func uniq(args []string) int {
	o, files := getopts(args, "cd", "")
	b, ok := slurp(orStdin(files)[0])
	if !ok {
		return 1
	}
	ls := lines(b)
	for i := 0; i < len(ls); {
		j := i
		for j < len(ls) && bytes.Equal(ls[j], ls[i]) {
			j++
		}
		if o['d'] == "" || j-i > 1 {
			if o['c'] != "" {
				fmt.Fprintf(out, "%7d ", j-i)
			}
			out.Write(ls[i])
			out.WriteByte('\n')
		}
		i = j
	}
	return 0
}

// bre translates the basic regexes of the grep stage to Go's syntax, byte by byte.
func bre(p string, icase bool) *regexp.Regexp {
	var s strings.Builder
	if icase {
		s.WriteString("(?i)")
	}
	s.WriteString("(?s)")
	lit := func(c byte) { fmt.Fprintf(&s, `\x%02x`, c) }
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			i++
			lit(p[i])
		case c == '.':
			s.WriteString(`[\x00-\xff]`)
		case c == '*' && i > 0 && p[:i] != "^":
			s.WriteByte('*')
		case c == '^' && i == 0:
			s.WriteString(`^`)
		case c == '$' && i == len(p)-1:
			s.WriteString(`$`)
		case c == '[':
			j := strings.IndexByte(p[i+2:], ']') + i + 2
			s.WriteString(p[i : j+1])
			i = j
		default:
			lit(c)
		}
	}
	return regexp.MustCompile(s.String())
}

// latin1 maps each byte to one rune, so Go's regexp (UTF-8 based) sees one char per byte.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func grep(args []string) int {
	o, rest := getopts(args, "Fivnc", "")
	pat := rest[0]
	files := orStdin(rest[1:])
	icase := o['i'] != ""
	lower := func(b []byte) []byte {
		l := make([]byte, len(b))
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			l[i] = c
		}
		return l
	}
	var match func([]byte) bool
	if o['F'] != "" {
		p := []byte(pat)
		if icase {
			p = lower(p)
		}
		match = func(l []byte) bool {
			if icase {
				l = lower(l)
			}
			return bytes.Contains(l, p)
		}
	} else {
		re := bre(latin1([]byte(pat)), false)
		match = func(l []byte) bool {
			if icase {
				l = lower(l)
			}
			return re.MatchString(latin1(l))
		}
		if icase {
			re = bre(latin1(lower([]byte(pat))), false)
		}
	}
	err, found := false, false
	for _, f := range files {
		b, ok := slurp(f)
		if !ok {
			err = true
			continue
		}
		prefix := ""
		if len(files) > 1 {
			prefix = f + ":"
			if f == "-" {
				prefix = "(standard input):"
			}
		}
		count := 0
		for i, l := range lines(b) {
			if match(l) != (o['v'] != "") {
				count++
				if o['c'] == "" {
					out.WriteString(prefix)
					if o['n'] != "" {
						fmt.Fprintf(out, "%d:", i+1)
					}
					out.Write(l)
					out.WriteByte('\n')
				}
			}
		}
		if o['c'] != "" {
			fmt.Fprintf(out, "%s%d\n", prefix, count)
		}
		found = found || count > 0
	}
	if err {
		return 2
	}
	if found {
		return 0
	}
	return 1
}

func cut(args []string) int {
	o, files := getopts(args, "", "df")
	d := byte('\t')
	if v, ok := o['d']; ok {
		d = v[0]
	}
	type rng struct{ lo, hi int }
	var rs []rng
	for _, part := range strings.Split(o['f'], ",") {
		lo, hi, dash := part, part, false
		if k := strings.IndexByte(part, '-'); k >= 0 {
			lo, hi, dash = part[:k], part[k+1:], true
		}
		r := rng{1, 1 << 30}
		if lo != "" {
			r.lo, _ = strconv.Atoi(lo)
		}
		if hi != "" {
			r.hi, _ = strconv.Atoi(hi)
		} else if !dash {
			r.hi = r.lo
		}
		rs = append(rs, r)
	}
	st := 0
	for _, f := range orStdin(files) {
		b, ok := slurp(f)
		if !ok {
			st = 1
			continue
		}
		for _, l := range lines(b) {
			if bytes.IndexByte(l, d) >= 0 {
				var sel [][]byte
				for i, field := range bytes.Split(l, []byte{d}) {
					for _, r := range rs {
						if i+1 >= r.lo && i+1 <= r.hi {
							sel = append(sel, field)
							break
						}
					}
				}
				l = bytes.Join(sel, []byte{d})
			}
			out.Write(l)
			out.WriteByte('\n')
		}
	}
	return st
}

type message struct {
	Src  string                     `json:"src"`
	Dest string                     `json:"dest"`
	Body map[string]json.RawMessage `json:"body"`
}

func node() int {
	var mu sync.Mutex
	var me string
	var ids []string
	counter := 0
	values := map[int]bool{}
	known := map[string]map[int]bool{}
	send := func(dest string, body map[string]interface{}) {
		b, _ := json.Marshal(map[string]interface{}{"src": me, "dest": dest, "body": body})
		mu.Lock()
		os.Stdout.Write(append(b, '\n'))
		mu.Unlock()
	}
	learn := func(peer string, vs []int) {
		if known[peer] == nil {
			known[peer] = map[int]bool{}
		}
		for _, v := range vs {
			values[v] = true
			known[peer][v] = true
		}
	}
	go func() { // every 100 ms, send each peer what it has not acknowledged
		for range time.Tick(100 * time.Millisecond) {
			mu.Lock()
			todo := map[string][]int{}
			for _, p := range ids {
				for v := range values {
					if p != me && !known[p][v] {
						todo[p] = append(todo[p], v)
					}
				}
			}
			mu.Unlock()
			for p, vs := range todo {
				send(p, map[string]interface{}{"type": "gossip", "messages": vs})
			}
		}
	}()
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if err != nil {
			return 0
		}
		var m message
		if json.Unmarshal(line, &m) != nil {
			continue
		}
		var typ string
		json.Unmarshal(m.Body["type"], &typ)
		r := map[string]interface{}{}
		mu.Lock()
		switch typ {
		case "init":
			json.Unmarshal(m.Body["node_id"], &me)
			json.Unmarshal(m.Body["node_ids"], &ids)
			r["type"] = "init_ok"
		case "echo":
			r["type"], r["echo"] = "echo_ok", m.Body["echo"]
		case "generate":
			counter++
			r["type"], r["id"] = "generate_ok", fmt.Sprintf("%s-%d", me, counter)
		case "topology":
			r["type"] = "topology_ok"
		case "broadcast":
			var v int
			json.Unmarshal(m.Body["message"], &v)
			values[v] = true
			r["type"] = "broadcast_ok"
		case "read":
			vs := []int{}
			for v := range values {
				vs = append(vs, v)
			}
			r["type"], r["messages"] = "read_ok", vs
		case "gossip", "gossip_ok":
			var vs []int
			json.Unmarshal(m.Body["messages"], &vs)
			learn(m.Src, vs)
			r = nil
			if typ == "gossip" {
				r = map[string]interface{}{"type": "gossip_ok", "messages": vs}
			}
		}
		mu.Unlock()
		if r != nil {
			if id, ok := m.Body["msg_id"]; ok {
				r["in_reply_to"] = id
			}
			send(m.Src, r)
		}
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: app <cat|wc|head|tail|sort|uniq|grep|cut|node> [args...]")
		os.Exit(2)
	}
	prog = os.Args[1]
	args := os.Args[2:]
	tools := map[string]func([]string) int{
		"cat": cat, "wc": wc, "sort": sortCmd, "uniq": uniq, "grep": grep, "cut": cut,
		"head": func(a []string) int { return headTail(a, false) },
		"tail": func(a []string) int { return headTail(a, true) },
		"node": func([]string) int { return node() },
	}
	tool, ok := tools[prog]
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: unknown utility\n", prog)
		os.Exit(2)
	}
	code := tool(args)
	out.Flush()
	os.Exit(code)
}
