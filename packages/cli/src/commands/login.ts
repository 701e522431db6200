// bsod login: trade a username and password for a token (or store a given token).
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { pc, println } from "../output.ts";
import { readSettings, writeSettings } from "../settings.ts";

export async function login(opts: { server?: string; username?: string; password?: string; token?: string }) {
  const current = readSettings();
  const server = (opts.server ?? current.server ?? "http://localhost:8080").replace(/\/$/, "");
  if (opts.token) {
    const me = await new ApiClient(server, opts.token).request<{ user: { username: string } }>("GET", "/auth/me");
    writeSettings({ server, token: opts.token, username: me.user.username });
    println(`logged in to ${server} as ${pc.bold(me.user.username)}`);
    return;
  }
  const password = opts.password ?? process.env.BSOD_PASSWORD;
  if (!opts.username || !password) {
    throw new CliError("give --username and --password (or BSOD_PASSWORD), or --token <personal access token>");
  }
  const res = await new ApiClient(server).request<{ user: { username: string }; token: { secret: string } }>(
    "POST",
    "/auth/login",
    { username: opts.username, password, tokenName: "bsod cli" },
  );
  writeSettings({ server, token: res.token.secret, username: res.user.username });
  println(`logged in to ${server} as ${pc.bold(res.user.username)}`);
}
