// The worker's side of a harness's service calls: a `service.call` line from the harness (among
// its HarnessMessages) is done here — on the run's own services only, never anything else on
// the engine — and answered with one ServiceReply line on the harness's stdin.
import type { ServiceCall, ServiceReply } from "@bsod/contracts";
import type { Logger } from "../log.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { RunServices } from "./run-services.ts";

const EXEC_TIMEOUT_MS = 30_000;

export async function doServiceCall(services: RunServices, call: ServiceCall): Promise<ServiceReply> {
  const service = services.get(call.service);
  if (!service) {
    const known =
      services.list
        .map((s) => s.name)
        .sort()
        .join(", ") || "none";
    return { id: call.id, ok: false, error: `this run has no service "${call.service}" (its services: ${known})` };
  }
  try {
    switch (call.op) {
      case "stop":
        await service.stop();
        return { id: call.id, ok: true };
      case "start":
        await service.start();
        return { id: call.id, ok: true };
      case "pause":
        await service.pause();
        return { id: call.id, ok: true };
      case "resume":
        await service.resume();
        return { id: call.id, ok: true };
      case "state":
        return { id: call.id, ok: true, state: await service.state() };
      case "exec": {
        if (!call.argv) return { id: call.id, ok: false, error: "exec needs argv" };
        const r = await service.exec(
          call.argv,
          Math.min(call.timeoutMs ?? EXEC_TIMEOUT_MS, EXEC_TIMEOUT_MS),
          call.stdin === undefined ? undefined : Buffer.from(call.stdin, "utf8"),
        );
        return { id: call.id, ok: true, exec: { code: r.code, stdout: r.stdout, stderr: r.stderr } };
      }
    }
  } catch (err) {
    return { id: call.id, ok: false, error: `${call.op} of service ${call.service} failed: ${(err as Error).message}` };
  }
}

/** Answers a harness's call on its stdin; calls run concurrently, each answered when done. */
export function serviceCallHandler(
  services: RunServices,
  sandbox: Sandbox,
  logger: Logger,
): (call: ServiceCall) => void {
  return (call) => {
    const started = Date.now();
    void doServiceCall(services, call).then((reply) => {
      logger.debug({ service: call.service, op: call.op, ok: reply.ok, ms: Date.now() - started }, "service call");
      sandbox.supervisor.reply(JSON.stringify(reply));
    });
  };
}
