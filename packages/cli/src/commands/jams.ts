// bsod jams: the jams on the server, what phase each is in, and when it runs (in local time).
import { ApiClient } from "../client.ts";
import { pc, println } from "../output.ts";
import { readSettings } from "../settings.ts";

interface JamRow {
  slug: string;
  title: string;
  phase: string;
  startsAt: number;
  endsAt: number;
}

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });

export async function jams() {
  const s = readSettings();
  const server = s.server ?? "http://localhost:8080";
  const { jams } = await new ApiClient(server, s.token).request<{ jams: JamRow[] }>("GET", "/jams");
  if (jams.length === 0) {
    println(pc.dim(`no jams on ${server} yet`));
    return;
  }
  const width = Math.max(...jams.map((j) => j.slug.length));
  for (const j of jams) {
    const phase = j.phase === "running" ? pc.green(j.phase) : pc.dim(j.phase);
    println(`${pc.bold(j.slug.padEnd(width))}  ${j.title} ${phase}`);
    println(`${" ".repeat(width)}  ${pc.dim(`${when(j.startsAt)} → ${when(j.endsAt)}`)}`);
  }
  println(pc.dim(`\njoin one with: bsod clone <jam> --language <language>`));
}
