// Reference solution of zigfest-redis in Rust (std only): a thread per connection, a RESP
// parser over a growing buffer (partial and pipelined input), one HashMap behind a Mutex.
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

type Store = Arc<Mutex<HashMap<Vec<u8>, (Vec<u8>, Option<Instant>)>>>;

fn find_crlf(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len().saturating_sub(1)).find(|&i| buf[i] == b'\r' && buf[i + 1] == b'\n')
}

fn parse_num(bytes: &[u8]) -> Option<i64> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// One command from the start of `buf`: Some((args, used)), None when incomplete, Err on garbage.
fn parse(buf: &[u8]) -> Result<Option<(Vec<Vec<u8>>, usize)>, ()> {
    if buf.is_empty() {
        return Ok(None);
    }
    if buf[0] != b'*' {
        return match buf.iter().position(|&b| b == b'\n') {
            None => Ok(None),
            Some(nl) => {
                let line = &buf[..nl];
                let args = line.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).map(|w| w.to_vec()).collect();
                Ok(Some((args, nl + 1)))
            }
        };
    }
    let nl = match find_crlf(buf, 0) {
        Some(n) => n,
        None => return Ok(None),
    };
    let count = parse_num(&buf[1..nl]).ok_or(())?;
    let mut pos = nl + 2;
    let mut args = Vec::new();
    for _ in 0..count {
        let nl = match find_crlf(buf, pos) {
            Some(n) => n,
            None => return Ok(None),
        };
        if buf[pos] != b'$' {
            return Err(());
        }
        let len = parse_num(&buf[pos + 1..nl]).ok_or(())? as usize;
        let start = nl + 2;
        if buf.len() < start + len + 2 {
            return Ok(None);
        }
        args.push(buf[start..start + len].to_vec());
        pos = start + len + 2;
    }
    Ok(Some((args, pos)))
}

fn bulk(out: &mut Vec<u8>, v: &[u8]) {
    out.extend_from_slice(format!("${}\r\n", v.len()).as_bytes());
    out.extend_from_slice(v);
    out.extend_from_slice(b"\r\n");
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(b'*') => (0..=s.len()).any(|i| glob(&p[1..], &s[i..])),
        Some(b'?') => !s.is_empty() && glob(&p[1..], &s[1..]),
        Some(c) => s.first() == Some(c) && glob(&p[1..], &s[1..]),
    }
}

fn live(map: &mut HashMap<Vec<u8>, (Vec<u8>, Option<Instant>)>, key: &[u8]) -> Option<Vec<u8>> {
    let expired = match map.get(key) {
        None => return None,
        Some((_, Some(d))) => Instant::now() >= *d,
        Some(_) => false,
    };
    if expired {
        map.remove(key);
        return None;
    }
    map.get(key).map(|(v, _)| v.clone())
}

const NOT_INT: &[u8] = b"-ERR value is not an integer or out of range\r\n";

fn execute(store: &Store, args: &[Vec<u8>], out: &mut Vec<u8>) {
    let name = String::from_utf8_lossy(&args[0]).to_ascii_uppercase();
    let mut map = store.lock().unwrap();
    match (name.as_str(), args.len()) {
        ("PING", 1) => out.extend_from_slice(b"+PONG\r\n"),
        ("ECHO", 2) => bulk(out, &args[1]),
        ("SET", n) if n >= 3 => {
            let mut deadline = None;
            let mut i = 3;
            while i < n {
                let opt = String::from_utf8_lossy(&args[i]).to_ascii_uppercase();
                if (opt != "PX" && opt != "EX") || i + 1 >= n {
                    out.extend_from_slice(b"-ERR syntax error\r\n");
                    return;
                }
                let v = match parse_num(&args[i + 1]) {
                    Some(v) if v >= 0 => v as u64,
                    _ => {
                        out.extend_from_slice(NOT_INT);
                        return;
                    }
                };
                let ms = if opt == "EX" { v * 1000 } else { v };
                deadline = Some(Instant::now() + Duration::from_millis(ms));
                i += 2;
            }
            map.insert(args[1].clone(), (args[2].clone(), deadline));
            out.extend_from_slice(b"+OK\r\n");
        }
        ("GET", 2) => match live(&mut map, &args[1]) {
            Some(v) => bulk(out, &v),
            None => out.extend_from_slice(b"$-1\r\n"),
        },
        ("INCR", 2) => {
            let cur = live(&mut map, &args[1]).unwrap_or_else(|| b"0".to_vec());
            match parse_num(&cur).and_then(|n| n.checked_add(1)) {
                Some(n) => {
                    let deadline = map.get(&args[1]).and_then(|e| e.1);
                    map.insert(args[1].clone(), (n.to_string().into_bytes(), deadline));
                    out.extend_from_slice(format!(":{}\r\n", n).as_bytes());
                }
                None => out.extend_from_slice(NOT_INT),
            }
        }
        ("DEL", n) if n >= 2 => {
            let mut count = 0;
            for k in &args[1..] {
                if live(&mut map, k).is_some() {
                    map.remove(k);
                    count += 1;
                }
            }
            out.extend_from_slice(format!(":{}\r\n", count).as_bytes());
        }
        ("EXISTS", n) if n >= 2 => {
            let count = args[1..].iter().filter(|k| live(&mut map, k).is_some()).count();
            out.extend_from_slice(format!(":{}\r\n", count).as_bytes());
        }
        ("KEYS", 2) => {
            let all: Vec<Vec<u8>> = map.keys().cloned().collect();
            let keys: Vec<Vec<u8>> =
                all.into_iter().filter(|k| live(&mut map, k).is_some() && glob(&args[1], k)).collect();
            out.extend_from_slice(format!("*{}\r\n", keys.len()).as_bytes());
            for k in keys {
                bulk(out, &k);
            }
        }
        ("TYPE", 2) => {
            let t: &[u8] = if live(&mut map, &args[1]).is_some() { b"+string\r\n" } else { b"+none\r\n" };
            out.extend_from_slice(t);
        }
        _ => out.extend_from_slice(format!("-ERR unknown command '{}'\r\n", String::from_utf8_lossy(&args[0])).as_bytes()),
    }
}

fn serve(mut stream: TcpStream, store: Store) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut out = Vec::new();
        let mut at = 0;
        loop {
            match parse(&buf[at..]) {
                Ok(Some((args, used))) => {
                    at += used;
                    if !args.is_empty() {
                        execute(&store, &args, &mut out);
                    }
                }
                Ok(None) => break,
                Err(()) => return,
            }
        }
        buf.drain(..at);
        if !out.is_empty() && stream.write_all(&out).is_err() {
            return;
        }
    }
}

fn main() {
    let listener = TcpListener::bind("0.0.0.0:6379").expect("bind 6379");
    let store: Store = Arc::new(Mutex::new(HashMap::new()));
    for stream in listener.incoming().flatten() {
        let store = store.clone();
        thread::spawn(move || serve(stream, store));
    }
}
