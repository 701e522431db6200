// A tiny TCP server for SDK tests: `server.mjs <port> <mode>`.
//   resp   answers PING with +PONG\r\n        bulk   answers with $4\r\nPONG\r\n
//   lf     answers with +PONG\n               split  sends +PO, then NG\r\n 50 ms later
//   crash  dies with SIGSEGV on the first command
//   http   answers every request with 200 and a JSON body   http-lf  same, lines end in \n
//   exit   exits with code 0 right after listening
import { createServer } from "node:net";

const [port, mode] = [Number(process.argv[2]), process.argv[3]];
console.error(`listening on ${port} (${mode})`);
const server = createServer((socket) => {
  socket.on("data", (data) => {
    const text = data.toString();
    if (mode === "http" || mode === "http-lf") {
      if (!text.includes("\r\n\r\n")) return;
      const body = JSON.stringify({ path: text.split(" ")[1] });
      const eol = mode === "http" ? "\r\n" : "\n";
      socket.write(
        `HTTP/1.1 200 OK${eol}Content-Type: application/json${eol}Content-Length: ${Buffer.byteLength(body)}${eol}${eol}${body}`,
      );
      return;
    }
    if (mode === "crash") process.kill(process.pid, "SIGSEGV");
    if (mode === "resp") socket.write("+PONG\r\n");
    if (mode === "bulk") socket.write("$4\r\nPONG\r\n");
    if (mode === "lf") socket.write("+PONG\n");
    if (mode === "split") {
      socket.write("+PO");
      setTimeout(() => socket.write("NG\r\n"), 50);
    }
  });
});
server.listen(port, "127.0.0.1", () => {
  if (mode === "exit") process.exit(0);
});
