// Reference solution of the unix-jam track in Rust (std only): `app <utility> [args…]` behaves
// like GNU cat, wc, head, tail, sort, uniq, grep and cut (C locale: bytes), and `app node` is a
// node of the distributed stages (JSON lines, parsed by hand for the few shapes used).
use std::collections::{HashMap, HashSet};
use std::env;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::process::exit;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

type Opts = HashMap<char, String>;

/// Options before the operands: -n, -n5, -n 5, -lw.
fn getopts(args: &[String], flags: &str, valued: &str) -> (Opts, Vec<String>) {
    let mut o = Opts::new();
    let mut i = 0;
    while i < args.len() && args[i].len() > 1 && args[i].starts_with('-') {
        let a = args[i].clone();
        i += 1;
        if a == "--" {
            break;
        }
        let chars: Vec<char> = a.chars().collect();
        for j in 1..chars.len() {
            let c = chars[j];
            if valued.contains(c) {
                let rest: String = chars[j + 1..].iter().collect();
                if rest.is_empty() {
                    o.insert(c, args[i].clone());
                    i += 1;
                } else {
                    o.insert(c, rest);
                }
                break;
            }
            if !flags.contains(c) {
                eprintln!("unknown option -{}", c);
                exit(2);
            }
            o.insert(c, "1".into());
        }
    }
    (o, args[i..].to_vec())
}

fn slurp(prog: &str, name: &str) -> Option<Vec<u8>> {
    let r = if name == "-" {
        let mut b = Vec::new();
        io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        fs::read(name)
    };
    match r {
        Ok(b) => Some(b),
        Err(e) => {
            let msg = if e.kind() == io::ErrorKind::NotFound { "No such file or directory".to_string() } else { e.to_string() };
            eprintln!("{}: {}: {}", prog, name, msg);
            None
        }
    }
}

fn lines(b: &[u8]) -> Vec<&[u8]> {
    if b.is_empty() {
        return vec![];
    }
    let mut ls: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
    if ls.last().map_or(false, |l| l.is_empty()) {
        ls.pop();
    }
    ls
}

fn raw_lines(b: &[u8]) -> Vec<&[u8]> {
    let mut ls = vec![];
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            ls.push(&b[start..=i]);
            start = i + 1;
        }
    }
    if start < b.len() {
        ls.push(&b[start..]);
    }
    ls
}

fn or_stdin(files: Vec<String>) -> Vec<String> {
    if files.is_empty() { vec!["-".into()] } else { files }
}

fn cat(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, files) = getopts(args, "n", "");
    let (mut st, mut n, mut start) = (0, 0, true);
    for f in or_stdin(files) {
        let b = match slurp("cat", &f) { Some(b) => b, None => { st = 1; continue; } };
        if !o.contains_key(&'n') {
            out.extend_from_slice(&b);
            continue;
        }
        for &c in &b {
            if start {
                n += 1;
                out.extend_from_slice(format!("{:>6}\t", n).as_bytes());
            }
            out.push(c);
            start = c == b'\n';
        }
    }
    st
}

fn wc(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, files) = getopts(args, "lwc", "");
    let mut show = [o.contains_key(&'l'), o.contains_key(&'w'), o.contains_key(&'c')];
    if show == [false; 3] {
        show = [true; 3];
    }
    let nshow = show.iter().filter(|&&s| s).count();
    let names: Vec<Option<String>> = if files.is_empty() { vec![None] } else { files.into_iter().map(Some).collect() };
    let mut width = 1;
    if !(nshow == 1 && names.len() == 1) {
        let (mut total, mut min, mut first_ok) = (0u64, 1, true);
        for (i, f) in names.iter().enumerate() {
            let md = match f.as_deref() {
                None | Some("-") => fs::metadata("/dev/stdin"),
                Some(p) => fs::metadata(p),
            };
            match md {
                Ok(m) if m.is_file() => total += m.len(),
                Ok(_) => min = 7,
                Err(_) => { if i == 0 { first_ok = false; } }
            }
        }
        if first_ok {
            width = total.to_string().len().max(min);
        }
    }
    let row = |out: &mut Vec<u8>, c: [usize; 3], label: Option<&str>| {
        let nums: Vec<String> = (0..3).filter(|&j| show[j]).map(|j| format!("{:>w$}", c[j], w = width)).collect();
        out.extend_from_slice(nums.join(" ").as_bytes());
        if let Some(l) = label {
            out.extend_from_slice(format!(" {}", l).as_bytes());
        }
        out.push(b'\n');
    };
    let (mut st, mut tot) = (0, [0usize; 3]);
    for f in &names {
        let b = match slurp("wc", f.as_deref().unwrap_or("-")) { Some(b) => b, None => { st = 1; continue; } };
        let mut c = [0usize, 0, b.len()];
        let mut inw = false;
        for &ch in &b {
            if ch == b'\n' { c[0] += 1; }
            if ch == b' ' || (b'\t'..=b'\r').contains(&ch) { inw = false; }
            else if ch > 0x20 && ch < 0x7f && !inw { inw = true; c[1] += 1; }
        }
        for j in 0..3 { tot[j] += c[j]; }
        row(out, c, f.as_deref());
    }
    if names.len() > 1 {
        row(out, tot, Some("total"));
    }
    st
}

fn head_tail(out: &mut Vec<u8>, args: &[String], tail: bool) -> i32 {
    let (o, files) = getopts(args, "", "n");
    let n: usize = o.get(&'n').map_or(10, |v| v.parse().unwrap_or(10));
    let b = match slurp(if tail { "tail" } else { "head" }, &or_stdin(files)[0]) { Some(b) => b, None => return 1 };
    let ls = raw_lines(&b);
    let sel = if tail { &ls[ls.len().saturating_sub(n)..] } else { &ls[..n.min(ls.len())] };
    for l in sel { out.extend_from_slice(l); }
    0
}

fn num_key(l: &[u8]) -> i64 {
    let mut i = 0;
    while i < l.len() && (l[i] == b' ' || l[i] == b'\t') { i += 1; }
    let neg = i < l.len() && l[i] == b'-';
    if neg { i += 1; }
    let mut v: i64 = 0;
    while i < l.len() && l[i].is_ascii_digit() { v = v * 10 + (l[i] - b'0') as i64; i += 1; }
    if neg { -v } else { v }
}

fn sort(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, files) = getopts(args, "nrus", "");
    let mut data = vec![];
    for f in or_stdin(files) {
        match slurp("sort", &f) { Some(b) => data.push(b), None => return 2 }
    }
    let mut ls: Vec<&[u8]> = data.iter().flat_map(|b| lines(b)).collect();
    let numeric = o.contains_key(&'n');
    let key = |a: &[u8], b: &[u8]| if numeric { num_key(a).cmp(&num_key(b)) } else { a.cmp(b) };
    let stable = o.contains_key(&'s') || o.contains_key(&'u');
    let rev = o.contains_key(&'r');
    ls.sort_by(|a, b| {
        let mut c = key(a, b);
        if c == std::cmp::Ordering::Equal && !stable { c = a.cmp(b); }
        if rev { c.reverse() } else { c }
    });
    for (i, l) in ls.iter().enumerate() {
        if o.contains_key(&'u') && i > 0 && key(ls[i - 1], l) == std::cmp::Ordering::Equal { continue; }
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    0
}

fn uniq(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, files) = getopts(args, "cd", "");
    let b = match slurp("uniq", &or_stdin(files)[0]) { Some(b) => b, None => return 1 };
    let ls = lines(&b);
    let mut i = 0;
    while i < ls.len() {
        let mut j = i;
        while j < ls.len() && ls[j] == ls[i] { j += 1; }
        if !o.contains_key(&'d') || j - i > 1 {
            if o.contains_key(&'c') { out.extend_from_slice(format!("{:>7} ", j - i).as_bytes()); }
            out.extend_from_slice(ls[i]);
            out.push(b'\n');
        }
        i = j;
    }
    0
}

/// One item of the basic-regex subset of the grep stage.
enum Atom { Byte(u8), Any, Set(Vec<(u8, u8)>, bool) }
struct Piece { atom: Atom, star: bool }

fn parse_bre(p: &[u8]) -> (bool, Vec<Piece>, bool) {
    let (mut i, mut end) = (0, p.len());
    let anchored = p.first() == Some(&b'^');
    if anchored { i = 1; }
    let dollar = end > i && p[end - 1] == b'$' && !(end >= 2 && p[end - 2] == b'\\');
    if dollar { end -= 1; }
    let mut pieces: Vec<Piece> = vec![];
    while i < end {
        let c = p[i];
        if c == b'*' && !pieces.is_empty() {
            pieces.last_mut().unwrap().star = true;
            i += 1;
            continue;
        }
        let atom = match c {
            b'\\' if i + 1 < end => { i += 1; Atom::Byte(p[i]) }
            b'.' => Atom::Any,
            b'[' => {
                let mut j = i + 1;
                let neg = p.get(j) == Some(&b'^');
                if neg { j += 1; }
                let mut ranges = vec![];
                let mut first = true;
                while j < end && (first || p[j] != b']') {
                    first = false;
                    if j + 2 < end && p[j + 1] == b'-' && p[j + 2] != b']' { ranges.push((p[j], p[j + 2])); j += 3; }
                    else { ranges.push((p[j], p[j])); j += 1; }
                }
                i = j;
                Atom::Set(ranges, neg)
            }
            _ => Atom::Byte(c),
        };
        pieces.push(Piece { atom, star: false });
        i += 1;
    }
    (anchored, pieces, dollar)
}

fn atom_matches(a: &Atom, c: u8) -> bool {
    match a {
        Atom::Byte(b) => *b == c,
        Atom::Any => true,
        Atom::Set(r, neg) => r.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *neg,
    }
}

fn match_here(ps: &[Piece], s: &[u8], dollar: bool) -> bool {
    if ps.is_empty() { return !dollar || s.is_empty(); }
    if ps[0].star {
        let mut k = 0;
        loop {
            if match_here(&ps[1..], &s[k..], dollar) { return true; }
            if k < s.len() && atom_matches(&ps[0].atom, s[k]) { k += 1; } else { return false; }
        }
    }
    !s.is_empty() && atom_matches(&ps[0].atom, s[0]) && match_here(&ps[1..], &s[1..], dollar)
}

fn grep(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, rest) = getopts(args, "Fivnc", "");
    let icase = o.contains_key(&'i');
    let low = |b: &[u8]| -> Vec<u8> { if icase { b.to_ascii_lowercase() } else { b.to_vec() } };
    let pat = low(rest[0].as_bytes());
    let files = or_stdin(rest[1..].to_vec());
    let (anchored, pieces, dollar) = parse_bre(&pat);
    let fixed = o.contains_key(&'F');
    let matches = |line: &[u8]| -> bool {
        let l = low(line);
        if fixed { return pat.is_empty() || l.windows(pat.len()).any(|w| w == &pat[..]); }
        if anchored { return match_here(&pieces, &l, dollar); }
        (0..=l.len()).any(|k| match_here(&pieces, &l[k..], dollar))
    };
    let (mut err, mut found) = (false, false);
    for f in &files {
        let b = match slurp("grep", f) { Some(b) => b, None => { err = true; continue; } };
        let prefix = if files.len() > 1 { format!("{}:", if f == "-" { "(standard input)" } else { f }) } else { String::new() };
        let mut count = 0;
        for (i, l) in lines(&b).iter().enumerate() {
            if matches(l) != o.contains_key(&'v') {
                count += 1;
                if !o.contains_key(&'c') {
                    out.extend_from_slice(prefix.as_bytes());
                    if o.contains_key(&'n') { out.extend_from_slice(format!("{}:", i + 1).as_bytes()); }
                    out.extend_from_slice(l);
                    out.push(b'\n');
                }
            }
        }
        if o.contains_key(&'c') { out.extend_from_slice(format!("{}{}\n", prefix, count).as_bytes()); }
        found |= count > 0;
    }
    if err { 2 } else if found { 0 } else { 1 }
}

fn cut(out: &mut Vec<u8>, args: &[String]) -> i32 {
    let (o, files) = getopts(args, "", "df");
    let d = o.get(&'d').map_or(b'\t', |v| v.as_bytes()[0]);
    let ranges: Vec<(usize, usize)> = o.get(&'f').map_or("1", |s| s.as_str()).split(',').map(|part| {
        match part.find('-') {
            Some(k) => (part[..k].parse().unwrap_or(1), part[k + 1..].parse().unwrap_or(usize::MAX)),
            None => { let v = part.parse().unwrap_or(1); (v, v) }
        }
    }).collect();
    let mut st = 0;
    for f in or_stdin(files) {
        let b = match slurp("cut", &f) { Some(b) => b, None => { st = 1; continue; } };
        for l in lines(&b) {
            if l.contains(&d) {
                let sel: Vec<&[u8]> = l.split(|&c| c == d).enumerate()
                    .filter(|(i, _)| ranges.iter().any(|&(lo, hi)| i + 1 >= lo && i + 1 <= hi))
                    .map(|(_, x)| x).collect();
                out.extend_from_slice(&sel.join(&d));
            } else {
                out.extend_from_slice(l);
            }
            out.push(b'\n');
        }
    }
    st
}

// ---- node: JSON by hand ----
fn skip(s: &[u8]) -> usize {
    if s.is_empty() { return 0; }
    if s[0] == b'"' {
        let mut i = 1;
        while i < s.len() && s[i] != b'"' { if s[i] == b'\\' { i += 1; } i += 1; }
        return (i + 1).min(s.len());
    }
    if s[0] == b'[' || s[0] == b'{' {
        let (mut depth, mut i) = (0, 0);
        while i < s.len() {
            match s[i] {
                b'"' => { i += skip(&s[i..]); continue; }
                b'[' | b'{' => depth += 1,
                b']' | b'}' => { depth -= 1; if depth == 0 { return i + 1; } }
                _ => {}
            }
            i += 1;
        }
        return i;
    }
    s.iter().position(|&c| c == b',' || c == b'}' || c == b']').unwrap_or(s.len())
}
fn find<'a>(s: &'a str, key: &str) -> &'a str {
    let pat = format!("\"{}\":", key);
    match s.find(&pat) {
        Some(k) => { let v = &s[k + pat.len()..]; &v[..skip(v.as_bytes())] }
        None => "",
    }
}
fn unquote(v: &str) -> String { v.trim_matches('"').to_string() }
fn ints(v: &str) -> Vec<i64> {
    v.trim_matches(|c| c == '[' || c == ']').split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

struct Node { me: String, ids: Vec<String>, values: HashSet<i64>, known: HashMap<String, HashSet<i64>> }

fn send(line: String) {
    let stdout = io::stdout();
    let mut w = stdout.lock();
    let _ = w.write_all(line.as_bytes());
    let _ = w.write_all(b"\n");
    let _ = w.flush();
}

fn node() -> i32 {
    let st = Arc::new(Mutex::new(Node { me: String::new(), ids: vec![], values: HashSet::new(), known: HashMap::new() }));
    let g = st.clone();
    thread::spawn(move || loop {
        thread::sleep(Duration::from_millis(100));
        let n = g.lock().unwrap();
        for p in n.ids.iter().filter(|p| **p != n.me) {
            let empty = HashSet::new();
            let k = n.known.get(p).unwrap_or(&empty);
            let todo: Vec<String> = n.values.iter().filter(|v| !k.contains(v)).map(|v| v.to_string()).collect();
            if !todo.is_empty() {
                send(format!(r#"{{"src":"{}","dest":"{}","body":{{"type":"gossip","messages":[{}]}}}}"#, n.me, p, todo.join(",")));
            }
        }
    });
    let stdin = io::stdin();
    let mut counter = 0;
    for line in stdin.lock().lines() {
        let line = match line { Ok(l) => l, Err(_) => break };
        let src = unquote(find(&line, "src"));
        let k = match line.find("\"body\":") { Some(k) => k, None => continue };
        let body = &line[k..];
        let typ = unquote(find(body, "type"));
        let msg_id = find(body, "msg_id");
        let mut n = st.lock().unwrap();
        let reply = match typ.as_str() {
            "init" => {
                n.me = unquote(find(body, "node_id"));
                n.ids = find(body, "node_ids").trim_matches(|c| c == '[' || c == ']').split(',').map(unquote).collect();
                r#""type":"init_ok""#.to_string()
            }
            "echo" => format!(r#""type":"echo_ok","echo":{}"#, find(body, "echo")),
            "generate" => { counter += 1; format!(r#""type":"generate_ok","id":"{}-{}""#, n.me, counter) }
            "topology" => r#""type":"topology_ok""#.to_string(),
            "broadcast" => { n.values.insert(find(body, "message").parse().unwrap_or(0)); r#""type":"broadcast_ok""#.to_string() }
            "read" => {
                let vs: Vec<String> = n.values.iter().map(|v| v.to_string()).collect();
                format!(r#""type":"read_ok","messages":[{}]"#, vs.join(","))
            }
            "gossip" | "gossip_ok" => {
                let raw = find(body, "messages");
                for v in ints(raw) {
                    n.values.insert(v);
                    n.known.entry(src.clone()).or_default().insert(v);
                }
                if typ == "gossip" {
                    send(format!(r#"{{"src":"{}","dest":"{}","body":{{"type":"gossip_ok","messages":{}}}}}"#, n.me, src, raw));
                }
                continue;
            }
            _ => r#""type":"error","code":10"#.to_string(),
        };
        send(format!(r#"{{"src":"{}","dest":"{}","body":{{"in_reply_to":{},{}}}}}"#, n.me, src, msg_id, reply));
    }
    0
}

fn main() {
    let args: Vec<String> = env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: app <cat|wc|head|tail|sort|uniq|grep|cut|node> [args...]");
        exit(2);
    }
    let rest = &args[2..];
    let mut out = Vec::new();
    let code = match args[1].as_str() {
        "cat" => cat(&mut out, rest),
        "wc" => wc(&mut out, rest),
        "head" => head_tail(&mut out, rest, false),
        "tail" => head_tail(&mut out, rest, true),
        "sort" => sort(&mut out, rest),
        "uniq" => uniq(&mut out, rest),
        "grep" => grep(&mut out, rest),
        "cut" => cut(&mut out, rest),
        "node" => node(),
        other => { eprintln!("{}: unknown utility", other); 2 }
    };
    let _ = io::stdout().write_all(&out);
    let _ = io::stdout().flush();
    exit(code);
}
