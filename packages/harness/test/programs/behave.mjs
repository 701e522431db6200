// A deliberately misbehaving program; the first argument picks the behaviour.
const mode = process.argv[2];
switch (mode) {
  case "hang":
    setInterval(() => {}, 1000);
    break;
  case "segv":
    process.kill(process.pid, "SIGSEGV");
    break;
  case "exit3":
    process.stderr.write("something went wrong\nassertion failed: x > 0\n");
    process.exit(3);
    break;
  case "flood": {
    const chunk = "y".repeat(64 * 1024);
    const write = () => {
      while (process.stdout.write(chunk)) {}
      process.stdout.once("drain", write);
    };
    write();
    break;
  }
  case "forge":
    process.stdout.write(`${JSON.stringify({ type: "stage.passed", slug: "forge", durationMs: 1 })}\n`);
    process.stdout.write(`${JSON.stringify({ type: "harness.done" })}\n`);
    break;
  case "env":
    process.stdout.write(
      `${JSON.stringify({ home: process.env.HOME, secret: process.env.BSOD_SECRET ?? null, extra: process.env.EXTRA ?? null })}\n`,
    );
    break;
  case "cat": {
    let text = "";
    process.stdin.on("data", (d) => (text += d));
    process.stdin.on("end", () => process.stdout.write(text.toUpperCase()));
    break;
  }
  case "lines": {
    // Interactive: answers each line of stdin with its length, as JSON.
    let buf = "";
    process.stdin.on("data", (d) => {
      buf += d;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        process.stdout.write(`${JSON.stringify({ line, length: line.length })}\n`);
      }
    });
    break;
  }
  default:
    process.stdout.write(`unknown mode ${mode}\n`);
}
