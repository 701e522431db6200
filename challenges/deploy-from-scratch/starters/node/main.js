// Welcome to Deployment from Scratch! Push this repository to run the tests.
//
// Stage 1 (serve-directory): you are started as `node main.js --directory <dir>`; listen on
// TCP port 8080 and serve the files under <dir> over HTTP/1.1 — with node:net only (no
// node:http: the point is to write the protocol). Read the stage's page, then replace the idle
// timer below with a server:
//
//     const net = require("node:net");
//     net.createServer((socket) => { /* read the request, write the response */ }).listen(8080);
//
// Print debugging output on stderr: from stage 9 on, stdout is your access log.
console.error("deploy-from-scratch: not listening yet, see stage 1");
// A server runs until it is stopped; this starter just waits.
setInterval(() => {}, 1 << 30);
