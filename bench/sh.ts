// Runs a shell command for a bench and resolves with its wall time in ms.
import { spawn } from "node:child_process";

export function sh(cmd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn("bash", ["-c", cmd], { stdio: "ignore" });
    child.on("close", (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`${cmd} exited ${code}`)),
    );
  });
}
