// The services step of a run: starts the job's sidecar services in the sandbox's network
// namespace before the supervisor gets its job (it runs build and harness without a pause), and
// turns a service that does not come up into an internal error naming it — never a verdict.
import type { GradeJob } from "@bsod/contracts";
import { messages } from "../grading/messages.ts";
import type { Logger } from "../log.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { RunServices, ServiceNotReadyError } from "./run-services.ts";

export type ServicesOutcome = { ok: true; services: RunServices } | { ok: false; message: string };

export async function startServices(
  sandbox: Sandbox,
  job: GradeJob,
  onServices: (s: RunServices) => void,
  logger: Logger,
): Promise<ServicesOutcome> {
  const specs = job.services ?? [];
  if (specs.length === 0) return { ok: true, services: RunServices.none };
  const startedAt = Date.now();
  try {
    const services = await RunServices.start(sandbox.docker, sandbox.id, specs, {
      ...sandbox.labels,
      deadline: sandbox.deadline,
    });
    onServices(services);
    logger.debug({ services: specs.map((s) => s.name), ms: Date.now() - startedAt }, "services ready");
    return { ok: true, services };
  } catch (err) {
    if (!(err instanceof ServiceNotReadyError)) throw err;
    logger.error({ service: err.service, why: err.message }, "a service did not become ready");
    return { ok: false, message: messages.internal(err.message) };
  }
}
