// ctx.services: the run's sidecar services (stage.yaml `services:`), steered through the worker.
// The harness has no access to the engine: a call is a `service.call` line among its messages on
// stdout, and the worker's answer is one JSON line on its stdin, matched by id.
import type { HarnessMessage, HarnessService, ServiceExecResult, ServiceReply, ServiceState } from "@bsod/contracts";

export type { ServiceExecResult, ServiceState };

export interface ExecOptions {
  /** Text for the command's stdin (e.g. an SQL script for `psql`). */
  stdin?: string;
  /** Default and maximum 30 s. */
  timeoutMs?: number;
}

export interface Service {
  readonly name: string;
  /** Host name (the same as name: /etc/hosts maps it to 127.0.0.1). */
  readonly host: string;
  /** Its port on the run's loopback. */
  readonly port: number;
  /** Stops the server: connections are refused until start(); its data is kept. */
  stop(): Promise<void>;
  /** Starts it again; resolves once its port accepts connections. */
  start(): Promise<void>;
  /** Freezes every process of it (connections hang, nothing is refused) until resume(). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  state(): Promise<ServiceState>;
  /** Runs a command in the service's container as its user: `["psql", "-Atc", "select 1"]`, `["redis-cli", "GET", "k"]`. */
  exec(argv: string[], options?: ExecOptions): Promise<ServiceExecResult>;
}

export type Services = Readonly<Record<string, Service>>;

type Call = Omit<Extract<HarnessMessage, { type: "service.call" }>, "type" | "id">;

/** The harness's end of the call channel: requests on `write`, replies read from `input`. */
export class ServiceLink {
  #next = 1;
  #pending = new Map<number, { resolve: (r: ServiceReply) => void; reject: (e: Error) => void }>();
  #buffer = "";
  #ended = false;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly write: (m: HarnessMessage) => void,
  ) {
    input.on("data", (chunk: Buffer | string) => this.#onData(String(chunk)));
    input.on("end", () => this.#end());
    input.on("error", () => this.#end());
    input.resume();
  }

  call(call: Call): Promise<ServiceReply> {
    if (this.#ended) return Promise.reject(new Error("the worker no longer answers service calls"));
    const id = this.#next++;
    // The sandbox's stdin does not keep the process up (a harness ends when nothing is left to
    // do): a timer does, while the call waits for its answer.
    const hold = setInterval(() => {}, 60_000);
    return new Promise<ServiceReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.write({ type: "service.call", id, ...call });
    }).finally(() => clearInterval(hold));
  }

  #onData(text: string) {
    this.#buffer += text;
    for (let nl = this.#buffer.indexOf("\n"); nl >= 0; nl = this.#buffer.indexOf("\n")) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const reply = JSON.parse(line) as ServiceReply;
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      waiter?.resolve(reply);
    }
  }

  #end() {
    this.#ended = true;
    for (const w of this.#pending.values()) w.reject(new Error("the worker stopped answering service calls"));
    this.#pending.clear();
  }
}

function serviceOf(spec: HarnessService, link: ServiceLink): Service {
  const call = async (c: Omit<Call, "service">): Promise<ServiceReply & { ok: true }> => {
    const reply = await link.call({ service: spec.name, ...c });
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };
  return Object.freeze({
    name: spec.name,
    host: spec.name,
    port: spec.port,
    stop: async () => void (await call({ op: "stop" })),
    start: async () => void (await call({ op: "start" })),
    pause: async () => void (await call({ op: "pause" })),
    resume: async () => void (await call({ op: "resume" })),
    state: async () => (await call({ op: "state" })).state ?? "gone",
    exec: async (argv: string[], o: ExecOptions = {}) => {
      const r = await call({
        op: "exec",
        argv,
        ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
        ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      });
      return r.exec ?? { code: null, stdout: "", stderr: "" };
    },
  });
}

/** ctx.services: one Service per declared name; any other name is a clear error in the stage. */
export function createServices(specs: readonly HarnessService[], link: ServiceLink | undefined): Services {
  const byName: Record<string, Service> = {};
  if (link) for (const s of specs) byName[s.name] = serviceOf(s, link);
  const declared = Object.keys(byName).join(", ") || "none";
  return new Proxy(byName, {
    get(target, prop) {
      if (typeof prop !== "string" || prop in target || prop === "then" || prop === "toJSON") {
        return Reflect.get(target, prop);
      }
      throw new Error(`ctx.services.${prop}: this run has no service "${prop}" (declared: ${declared})`);
    },
  });
}
