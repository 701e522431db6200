// Builds the dockerode client from DOCKER_HOST (unix:// or tcp://), or the default local socket;
// with `tls`, a tcp:// engine is spoken to over TLS with the client certificate in certPath.
import fs from "node:fs";
import path from "node:path";
import Docker from "dockerode";

export function createDocker(dockerHost: string | undefined, tls?: { certPath: string }): Docker {
  if (!dockerHost) return new Docker();
  if (dockerHost.startsWith("unix://")) return new Docker({ socketPath: dockerHost.slice("unix://".length) });
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  if (tls) {
    const read = (name: string) => fs.readFileSync(path.join(tls.certPath, name));
    return new Docker({
      host: url.hostname,
      port: Number(url.port || 2376),
      protocol: "https",
      ca: read("ca.pem"),
      cert: read("cert.pem"),
      key: read("key.pem"),
    });
  }
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
}
