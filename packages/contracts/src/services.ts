// Sidecar services: a PostgreSQL, a Redis… started fresh beside the program for one run,
// declared under `services:` in track.yaml or stage.yaml, resolved once per run (every stage of
// a run shares them) and carried by the GradeJob. A service shares the run's loopback-only
// network: the program and the harness reach it on 127.0.0.1:<port> or by its name.
import { z } from "zod";

/** The image of a service kind: infra/services/<kind>, built by `npm run images -- service-<kind>`. */
export function serviceImage(kind: string): string {
  return `bsod/service-${kind}:latest`;
}

/** Names the hosts file already gives, or that would shadow something the sandbox relies on. */
const RESERVED_NAMES = new Set(["localhost", "ip6-localhost", "ip6-loopback", "program", "harness"]);

export const ServiceName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a lowercase host name, like 'db' or 'cache'")
  .max(32)
  .refine((n) => !RESERVED_NAMES.has(n), "is reserved");

const Port = z.number().int().min(1).max(65_535);

export const ServiceDefaults = {
  memoryMb: 256,
  cpus: 1,
  pids: 128,
  readyTimeoutMs: 60_000,
} as const;

/** One entry of `services:` in track.yaml or stage.yaml. */
export const ServiceDecl = z.strictObject({
  /** The host name the program and the harness use (`db` → 127.0.0.1), and ctx.services.<name>. */
  name: ServiceName,
  /** The service kind: `postgres`, `redis` (an image bsod/service-<kind> built from infra/services). */
  image: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must name a service image, like 'postgres' or 'redis'"),
  /** Environment of the service (e.g. POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD). */
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"), z.string().max(4_096))
    .optional(),
  /** Ready once a TCP connection to this loopback port succeeds (the port it serves on). */
  ready: z.strictObject({
    tcp: Port,
    /** How long it may take to become ready before the run is an internal error (default 60 s). */
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
  }),
  /** The service's own limits; they come on top of the program's (default 256 MB, 1 CPU, 128 pids). */
  memoryMb: z.number().int().min(16).max(2_048).optional(),
  cpus: z.number().min(0.1).max(2).optional(),
  pids: z.number().int().min(8).max(1_024).optional(),
});
export type ServiceDecl = z.infer<typeof ServiceDecl>;

export const ServiceDecls = z
  .array(ServiceDecl)
  .max(4)
  .superRefine((list, ctx) => {
    const issue = servicesIssue(list);
    if (issue) ctx.addIssue({ code: "custom", message: issue });
  });

/** A run's resolved service, carried by the GradeJob. */
export const ServiceSpec = z.object({
  name: ServiceName,
  image: z.string().min(1),
  env: z.record(z.string(), z.string()),
  readyPort: Port,
  readyTimeoutMs: z.number().int().min(100).max(120_000),
  memoryMb: z.number().int().min(16).max(2_048),
  cpus: z.number().min(0.1).max(2),
  pids: z.number().int().min(8).max(1_024),
});
export type ServiceSpec = z.infer<typeof ServiceSpec>;

/** Two services of one run may not share a name or a port (they share one loopback). */
export function servicesIssue(list: Array<{ name: string; ready: { tcp: number } }>): string | null {
  const names = new Set<string>();
  const ports = new Set<number>();
  for (const s of list) {
    if (names.has(s.name)) return `two services are named "${s.name}"`;
    if (ports.has(s.ready.tcp)) return `two services listen on port ${s.ready.tcp}`;
    names.add(s.name);
    ports.add(s.ready.tcp);
  }
  return null;
}

function resolve(d: ServiceDecl): ServiceSpec {
  return {
    name: d.name,
    image: serviceImage(d.image),
    env: { ...(d.env ?? {}) },
    readyPort: d.ready.tcp,
    readyTimeoutMs: d.ready.timeoutMs ?? ServiceDefaults.readyTimeoutMs,
    memoryMb: d.memoryMb ?? ServiceDefaults.memoryMb,
    cpus: d.cpus ?? ServiceDefaults.cpus,
    pids: d.pids ?? ServiceDefaults.pids,
  };
}

interface Declares {
  services?: ServiceDecl[] | undefined;
}

/**
 * The services a run of these stages gets: the track's, then each stage's, a later declaration
 * of a name replacing an earlier one. Throws when two of them end up on one port.
 */
export function runServices(track: Declares, stages: Declares[]): ServiceSpec[] {
  const byName = new Map<string, ServiceDecl>();
  for (const d of [...(track.services ?? []), ...stages.flatMap((s) => s.services ?? [])]) byName.set(d.name, d);
  const decls = [...byName.values()];
  const issue = servicesIssue(decls);
  if (issue) throw new Error(`the services of this run conflict: ${issue}`);
  return decls.map(resolve);
}
