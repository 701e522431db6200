// The sandboxes' /etc/hosts. Sandboxes are created with Docker's networking switched off
// (NetworkDisabled: a fresh network namespace with only loopback, made by runc itself), which
// saves two runs of the dockerd binary per container (its libnetwork hook and its IPv6 setup),
// but also leaves /etc/hosts empty, so "localhost" would not resolve. This file fills that gap:
// fixed content, kept in a Docker volume on the engine's host (so it works for a remote engine
// and for a worker in a container alike), bind-mounted read-only into every sandbox.
import type Docker from "dockerode";
import tar from "tar-stream";
import { LABEL } from "./container-spec.ts";
import { SandboxError } from "./sandbox-error.ts";

export const HOSTS_VOLUME = "bsod-sandbox-hosts";
/** localhost is IPv4 only: harnesses connect to 127.0.0.1, so a program that listens on "localhost" is found. */
export const HOSTS_CONTENT = "127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n";
const MOUNT = "/bsod-hosts";
const HELPER_LIFETIME_MS = 5 * 60_000;

async function hostsTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "hosts", mode: 0o644, uid: 0, gid: 0 }, HOSTS_CONTENT);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The hosts file as the volume holds it now, or null when there is none. */
async function readHosts(helper: Docker.Container): Promise<string | null> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await helper.getArchive({ path: `${MOUNT}/hosts` });
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
    if (entry.header.type === "file" && entry.header.name === "hosts") content = Buffer.concat(chunks).toString("utf8");
  }
  return content;
}

/**
 * Makes sure the hosts volume holds HOSTS_CONTENT and returns the file's path on the engine's
 * host. Writes through a helper container that is created and never started (nothing runs);
 * the file is only rewritten when its content differs, so running sandboxes never see it change.
 */
export async function ensureHostsFile(docker: Docker, image: string, name = HOSTS_VOLUME): Promise<string> {
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
      if ((await readHosts(helper)) !== HOSTS_CONTENT) await helper.putArchive(await hostsTar(), { path: MOUNT });
    } finally {
      await helper.remove({ force: true });
    }
    return `${volume.Mountpoint}/hosts`;
  } catch (err) {
    throw new SandboxError(`cannot prepare the sandboxes' /etc/hosts: ${(err as Error).message}`, { cause: err });
  }
}
