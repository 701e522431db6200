// Welcome to zigfest-redis! Push this repository to run the tests.
//
// Stage 1 (bind-port) asks your program to listen on TCP port 6379, like a real Redis.
// Read the stage's page, then replace the idle wait below with a server:
//
//     let listener = std::net::TcpListener::bind("0.0.0.0:6379").unwrap();
//     for stream in listener.incoming() { /* ... */ }
//
// Later stages add PING, ECHO, SET/GET, ... one command at a time.
use std::thread;
use std::time::Duration;

fn main() {
    println!("zigfest-redis: not listening yet, see stage 1");
    // A server runs until it is stopped; this starter just waits.
    loop {
        thread::sleep(Duration::from_secs(3600));
    }
}
