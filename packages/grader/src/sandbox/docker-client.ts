// Builds the dockerode client from DOCKER_HOST (unix:// or tcp://), or the default local socket.
import Docker from "dockerode";

export function createDocker(dockerHost: string | undefined): Docker {
  if (!dockerHost) return new Docker();
  if (dockerHost.startsWith("unix://")) return new Docker({ socketPath: dockerHost.slice("unix://".length) });
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
}
