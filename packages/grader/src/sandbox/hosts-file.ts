// The sandboxes' /etc/hosts. Sandboxes are created with Docker's networking switched off
// (NetworkDisabled: a fresh network namespace with only loopback, made by runc itself), which
// saves two runs of the dockerd binary per container (its libnetwork hook and its IPv6 setup),
// but also leaves /etc/hosts empty, so "localhost" would not resolve. This file fills that gap:
// fixed content, kept in a Docker volume on the engine's host (so it works for a remote engine
// and for a worker in a container alike), bind-mounted read-only into every sandbox. A run with
// sidecar services gets a variant that also maps the services' names to 127.0.0.1 (they share
// the sandbox's loopback): one file per set of names, `hosts-<names>`, in the same volume.
import type Docker from "dockerode";
import tar from "tar-stream";
import { LABEL } from "./container-spec.ts";
import { SandboxError } from "./sandbox-error.ts";

export const HOSTS_VOLUME = "bsod-sandbox-hosts";
/** localhost is IPv4 only: harnesses connect to 127.0.0.1, so a program that listens on "localhost" is found. */
export const HOSTS_CONTENT = "127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n";
const MOUNT = "/bsod-hosts";
const HELPER_LIFETIME_MS = 5 * 60_000;

/** The hosts file of sandboxes whose services have these names (none: HOSTS_CONTENT). */
export function hostsContent(names: readonly string[]): string {
  return names.length === 0 ? HOSTS_CONTENT : `${HOSTS_CONTENT}127.0.0.1\t${[...names].sort().join(" ")}\n`;
}

function hostsName(names: readonly string[]): string {
  return names.length === 0 ? "hosts" : `hosts-${[...names].sort().join("_")}`;
}

async function hostsTar(file: string, content: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: file, mode: 0o644, uid: 0, gid: 0 }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The hosts file as the volume holds it now, or null when there is none. */
async function readHosts(helper: Docker.Container, file: string): Promise<string | null> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await helper.getArchive({ path: `${MOUNT}/${file}` });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
  const extract = tar.extract();
  archive.pipe(extract);
  let content: string | null = null;
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === "file" && entry.header.name === file) content = Buffer.concat(chunks).toString("utf8");
  }
  return content;
}

/**
 * Makes sure the hosts volume holds HOSTS_CONTENT (plus the service names given) and returns the file's path on the engine's
 * host. Writes through a helper container that is created and never started (nothing runs);
 * the file is only rewritten when its content differs, so running sandboxes never see it change.
 */
export async function ensureHostsFile(
  docker: Docker,
  image: string,
  name = HOSTS_VOLUME,
  serviceNames: readonly string[] = [],
): Promise<string> {
  const file = hostsName(serviceNames);
  const content = hostsContent(serviceNames);
  try {
    await docker.createVolume({ Name: name, Labels: { "bsod.sandbox-hosts": "1" } });
    const volume = (await docker.getVolume(name).inspect()) as { Mountpoint: string };
    const helper = await docker.createContainer({
      Image: image,
      Cmd: ["true"],
      NetworkDisabled: true,
      Labels: { [LABEL.sandbox]: "1", [LABEL.deadline]: String(Date.now() + HELPER_LIFETIME_MS) },
      HostConfig: { NetworkMode: "none", Binds: [`${name}:${MOUNT}`] },
    });
    try {
      if ((await readHosts(helper, file)) !== content)
        await helper.putArchive(await hostsTar(file, content), { path: MOUNT });
    } finally {
      await helper.remove({ force: true });
    }
    return `${volume.Mountpoint}/${file}`;
  } catch (err) {
    throw new SandboxError(`cannot prepare the sandboxes' /etc/hosts: ${(err as Error).message}`, { cause: err });
  }
}
