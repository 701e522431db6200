// bsod login: trade a username and password for a token (or store a given token).
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { pc, println } from "../output.ts";
import { readSettings, storedSettings, writeSettings } from "../settings.ts";

export async function login(opts: { server?: string; username?: string; password?: string; token?: string }) {
  const current = readSettings();
  const server = (opts.server ?? current.server ?? "http://localhost:8080").replace(/\/$/, "");
  if (opts.token) {
    const me = await new ApiClient(server, opts.token).request<{ user: { username: string } }>("GET", "/auth/me");
    writeSettings({
      ...(current.server === server ? { gitTokens: storedSettings().gitTokens } : {}),
      server,
      token: opts.token,
      username: me.user.username,
    });
    println(`logged in to ${server} as ${pc.bold(me.user.username)}`);
    return;
  }
  const password = opts.password ?? process.env.BSOD_PASSWORD;
  if (!opts.username || !password) {
    throw new CliError("give --username and --password (or BSOD_PASSWORD), or --token <personal access token>");
  }
  const res = await new ApiClient(server).request<{
    user: { username: string };
    token: { secret: string; expiresAt: number };
  }>("POST", "/auth/login", { username: opts.username, password, token: { name: "bsod cli", scopes: ["api"] } });
  writeSettings({
    ...(current.server === server ? { gitTokens: storedSettings().gitTokens } : {}),
    server,
    token: res.token.secret,
    tokenExpiresAt: res.token.expiresAt,
    username: res.user.username,
  });
  const until = new Date(res.token.expiresAt).toISOString().slice(0, 10);
  println(`logged in to ${server} as ${pc.bold(res.user.username)} (the token works until ${until})`);
}
