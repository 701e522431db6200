// bsod credential: git's credential helper for the repositories `bsod clone` made. git runs it as
// `bsod credential get` with protocol/host/path on stdin and reads username/password back; "store"
// and "erase" change nothing (the token lives in bsod's settings, revoked with `bsod tokens revoke`).
import { storedGitToken } from "../git-token.ts";
import { readSettings } from "../settings.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function parseCredentialRequest(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1);
  }
  return fields;
}

export async function credential(operation: string) {
  const request = parseCredentialRequest(await readStdin());
  if (operation !== "get" || !request.protocol || !request.host) return;
  const url = `${request.protocol}://${request.host}/${request.path ?? ""}`;
  const settings = readSettings();
  const token = storedGitToken(settings, url);
  if (!token) return; // not one of ours: git asks the next helper, or the user
  process.stdout.write(`username=${settings.username ?? "bsod"}\npassword=${token.secret}\n`);
}
