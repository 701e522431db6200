// bsod signup: create an account on a server and log in with it (the token is stored like login's).
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { pc, println } from "../output.ts";
import { readSettings, writeSettings } from "../settings.ts";

export async function signup(opts: { server?: string; username?: string; password?: string }) {
  const server = (opts.server ?? readSettings().server ?? "http://localhost:8080").replace(/\/$/, "");
  const password = opts.password ?? process.env.BSOD_PASSWORD;
  if (!opts.username || !password) throw new CliError("give --username and --password (or BSOD_PASSWORD)");
  const res = await new ApiClient(server).request<{
    user: { username: string };
    token: { secret: string; expiresAt: number };
  }>("POST", "/auth/signup", { username: opts.username, password, token: { name: "bsod cli", scopes: ["api"] } });
  writeSettings({ server, token: res.token.secret, tokenExpiresAt: res.token.expiresAt, username: res.user.username });
  println(`signed up on ${server} as ${pc.bold(res.user.username)} (logged in)`);
  println(`next: ${pc.bold("bsod jams")} to see the jams, then ${pc.bold("bsod clone <jam> --language <language>")}`);
}
