// Removes sandbox containers nobody will clean up: past their deadline, or owned by a worker
// whose heartbeat expired (killed with -9, host lost). Runs on start and periodically. It judges
// only its own deployment's scope: another deployment on the same engine keeps its heartbeats in
// another Redis, so its living workers would look dead from here. The one exception is a
// container long past its deadline, which no living worker of any deployment keeps.

import { LABEL, type Logger } from "@bsod/grader";
import type Docker from "dockerode";
import type { Redis } from "ioredis";
import { heartbeatKey } from "./heartbeat.ts";

export interface ReapOptions {
  docker: Docker;
  redis: Redis;
  scope: string;
  selfId: string;
  /**
   * At start, containers labelled with our own id are leftovers of an earlier process with the
   * same WORKER_ID; later, they are ours (warm or running) and kept until their deadline.
   */
  startup: boolean;
  logger: Logger;
}

/** Past its deadline by this much, a container of any scope is abandoned (its deployment is gone). */
export const ABANDONED_AFTER_MS = 10 * 60_000;

export async function reapOrphans(opts: ReapOptions): Promise<string[]> {
  const containers = await opts.docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.sandbox}=1`] },
  });
  const now = Date.now();
  const alive = new Map<string, boolean>();
  const reaped: string[] = [];
  for (const c of containers) {
    const labels = c.Labels ?? {};
    const deadline = Number(labels[LABEL.deadline]);
    const owner = labels[LABEL.worker] ?? "";
    let reason: string | null = null;
    if (labels[LABEL.scope] !== opts.scope) {
      if (!Number.isFinite(deadline) || deadline + ABANDONED_AFTER_MS < now) reason = "abandoned by its deployment";
      else continue;
    } else if (!Number.isFinite(deadline) || deadline < now) reason = "deadline passed";
    else if (owner === opts.selfId) {
      if (opts.startup) reason = "left over by an earlier process with this worker id";
    } else {
      if (!alive.has(owner)) alive.set(owner, (await opts.redis.exists(heartbeatKey(opts.scope, owner))) === 1);
      if (!alive.get(owner)) reason = `owner ${owner} is gone`;
    }
    if (!reason) continue;
    try {
      await opts.docker.getContainer(c.Id).remove({ force: true, v: true });
      reaped.push(c.Id);
      opts.logger.info({ container: c.Id.slice(0, 12), owner, reason }, "reaped sandbox container");
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw err;
    }
  }
  return reaped;
}
