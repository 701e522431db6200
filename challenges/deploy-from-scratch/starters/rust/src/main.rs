// Welcome to Deployment from Scratch! Push this repository to run the tests (std only).
//
// Stage 1 (serve-directory): you are started as `./your_program --directory <dir>`; listen on
// TCP port 8080 and serve the files under <dir> over HTTP/1.1. Read the stage's page, then
// replace the idle wait below with a server:
//
//     let listener = std::net::TcpListener::bind("0.0.0.0:8080").unwrap();
//     for stream in listener.incoming() { /* read the request, write the response */ }
//
// Print debugging output on stderr: from stage 9 on, stdout is your access log.
use std::thread;
use std::time::Duration;

fn main() {
    eprintln!("deploy-from-scratch: not listening yet, see stage 1");
    // A server runs until it is stopped; this starter just waits.
    loop {
        thread::sleep(Duration::from_secs(3600));
    }
}
