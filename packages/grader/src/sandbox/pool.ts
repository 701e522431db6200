// Warm pool: containers created and started ahead of demand, per image + limits, so a job
// does not pay the container start. A container leaves the pool once and is never reused.
import type Docker from "dockerode";
import type { Logger } from "../log.ts";
import { type SandboxSpec, specKey } from "./container-spec.ts";
import { ensureHostsFile } from "./hosts-file.ts";
import { Sandbox } from "./sandbox.ts";
import type { VmAccel } from "./vm.ts";
import { type AccelChoice, probeKvm } from "./vm-probe.ts";

export interface SandboxPoolOptions {
  docker: Docker;
  workerId: string;
  scope: string;
  runtime: "runc" | "runsc";
  /** Warm containers kept per spec (0 disables warming: every take creates a fresh one). */
  warmPerSpec: number;
  logger: Logger;
  /** How long a warm container may wait before it is recycled. */
  warmLifetimeMs?: number;
  /** Specs remembered for warming; the least recently used beyond this are dropped. */
  maxSpecs?: number;
  /** The Docker volume holding the sandboxes' /etc/hosts (default: HOSTS_VOLUME). */
  hostsVolume?: string;
  /**
   * How vm sandboxes run their guests: `auto` (default) probes once, at the first vm sandbox,
   * whether a guest boots under KVM here, else software emulation (tcg), which boots anywhere.
   */
  vmAccel?: VmAccel | "auto";
}

/** What grading needs from a pool: one fresh, started sandbox, alive for at least budgetMs. */
export interface SandboxProvider {
  take(spec: SandboxSpec, budgetMs: number): Promise<Sandbox>;
}

interface Bucket {
  spec: SandboxSpec;
  warm: Sandbox[];
  creating: number;
  /** Takes waiting for a container being warmed (it is closer than a new one). */
  waiters: Array<(s: Sandbox | null) => void>;
  lastUsed: number;
  failing: boolean;
}

const DEFAULT_WARM_LIFETIME_MS = 30 * 60_000;
/** Extra time on a container's deadline label beyond the budget of its run. */
const DEADLINE_MARGIN_MS = 60_000;

export class SandboxPool implements SandboxProvider {
  readonly #buckets = new Map<string, Bucket>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #inUse = new Map<string, Sandbox>();
  /** The hosts file of each set of service names (key: the names joined), prepared once. */
  readonly #hostsFiles = new Map<string, Promise<string>>();
  #warmed: Array<() => void> = [];
  #accel: Promise<AccelChoice> | null = null;
  #closed = false;
  readonly stats = { warmTakes: 0, freshTakes: 0 };

  constructor(private readonly opts: SandboxPoolOptions) {}

  /** Containers handed out and not yet destroyed. */
  get inUse(): number {
    return this.#inUse.size;
  }

  /** Warm containers waiting, over all specs. */
  get warm(): number {
    let n = 0;
    for (const b of this.#buckets.values()) n += b.warm.length;
    return n;
  }

  /**
   * Resolves once a warm sandbox of this spec waits, ready for its job (a vm's guest booted):
   * for benches and tests that measure a warm take.
   */
  async whenWarm(spec: SandboxSpec): Promise<void> {
    const bucket = this.#bucket(spec);
    this.#refill(specKey(spec));
    for (;;) {
      const first = bucket.warm.find((s) => s.usable);
      if (first) {
        if (spec.vm?.kernel === "stock") await first.supervisor.booted;
        return;
      }
      if (this.#closed || bucket.failing) throw new Error("no warm sandbox is coming");
      await new Promise<void>((resolve) => this.#warmed.push(resolve));
    }
  }

  /** Starts warming containers for a spec before the first job asks for it. */
  prewarm(spec: SandboxSpec): void {
    this.#bucket(spec);
    this.#refill(specKey(spec));
  }

  async take(spec: SandboxSpec, budgetMs: number): Promise<Sandbox> {
    if (this.#closed) throw new Error("sandbox pool is closed");
    const key = specKey(spec);
    const bucket = this.#bucket(spec);
    bucket.lastUsed = Date.now();
    let sandbox: Sandbox | undefined;
    while (!sandbox && bucket.warm.length > 0) {
      const candidate = bucket.warm.shift() as Sandbox;
      // A warm container whose supervisor died (or that lost its stream) is never handed out.
      if (candidate.usable && candidate.deadline - Date.now() >= budgetMs + DEADLINE_MARGIN_MS / 2) sandbox = candidate;
      else this.#track(candidate.destroy());
    }
    // None ready, but some already starting: the first of those is nearer than a new one.
    if (!sandbox && bucket.creating > bucket.waiters.length) {
      const next = await new Promise<Sandbox | null>((resolve) => bucket.waiters.push(resolve));
      if (next?.usable && next.deadline - Date.now() >= budgetMs + DEADLINE_MARGIN_MS / 2) sandbox = next;
      else if (next) this.#track(next.destroy());
    }
    if (sandbox) this.stats.warmTakes++;
    else {
      this.stats.freshTakes++;
      sandbox = await this.#create(spec, Date.now() + budgetMs + DEADLINE_MARGIN_MS);
    }
    this.#inUse.set(sandbox.id, sandbox);
    bucket.failing = false;
    this.#refill(key);
    const id = sandbox.id;
    sandbox.onDestroyed = () => this.#inUse.delete(id);
    return sandbox;
  }

  /** Removes every warm container and waits for creations and removals in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
    await Promise.allSettled([...this.#inUse.values()].flatMap((s) => s.removal ?? []));
    const warm = [...this.#buckets.values()].flatMap((b) => b.warm.splice(0));
    await Promise.allSettled(warm.map((s) => s.destroy()));
  }

  /** Recycles warm containers close to their deadline. */
  async sweep(): Promise<void> {
    const now = Date.now();
    const lifetime = this.opts.warmLifetimeMs ?? DEFAULT_WARM_LIFETIME_MS;
    for (const [key, b] of this.#buckets) {
      const old = b.warm.filter((s) => now - s.createdAt > lifetime / 2);
      b.warm = b.warm.filter((s) => !old.includes(s));
      await Promise.allSettled(old.map((s) => s.destroy()));
      this.#refill(key);
    }
  }

  async #create(spec: SandboxSpec, deadline: number): Promise<Sandbox> {
    // Prepared once per pool, and again after any failed creation (the volume may have been
    // pruned while no sandbox used it).
    const names = [...(spec.hostNames ?? [])].sort();
    const hostsKey = names.join(",");
    let hostsFile = this.#hostsFiles.get(hostsKey);
    if (!hostsFile) {
      hostsFile = ensureHostsFile(this.opts.docker, spec.image, this.opts.hostsVolume, names);
      this.#hostsFiles.set(hostsKey, hostsFile);
    }
    const accel = spec.vm?.kernel === "stock" ? await this.vmAccelChoice(spec.image) : undefined;
    try {
      return await Sandbox.create({
        docker: this.opts.docker,
        spec,
        runtime: this.opts.runtime,
        labels: { workerId: this.opts.workerId, scope: this.opts.scope, deadline },
        hostsFile: await hostsFile,
        ...(accel ? { accel } : {}),
      });
    } catch (err) {
      if (this.#hostsFiles.get(hostsKey) === hostsFile) this.#hostsFiles.delete(hostsKey);
      throw err;
    }
  }

  /** How this engine's vm guests run, decided once (see vmAccel). */
  vmAccelChoice(image: string): Promise<AccelChoice> {
    const wanted = this.opts.vmAccel ?? "auto";
    if (wanted === "tcg") return Promise.resolve({ accel: "tcg" });
    this.#accel ??= probeKvm(this.opts.docker, image, this.opts.scope).then((choice) => {
      if (choice.accel === "kvm") this.opts.logger.info({ kvmGid: choice.kvmGid }, "vm guests run under KVM");
      else if (wanted === "kvm")
        this.opts.logger.warn({ why: choice.why }, "KVM was asked for but does not work here; vm guests run under TCG");
      else this.opts.logger.info({ why: choice.why }, "vm guests run under software emulation (TCG)");
      return choice;
    });
    return this.#accel;
  }

  #bucket(spec: SandboxSpec): Bucket {
    const key = specKey(spec);
    let b = this.#buckets.get(key);
    if (!b) {
      b = { spec, warm: [], creating: 0, waiters: [], lastUsed: Date.now(), failing: false };
      this.#buckets.set(key, b);
      this.#evictOldSpecs();
    }
    return b;
  }

  #evictOldSpecs() {
    const max = this.opts.maxSpecs ?? 4;
    if (this.#buckets.size <= max) return;
    const oldest = [...this.#buckets.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
    if (!oldest) return;
    this.#buckets.delete(oldest[0]);
    for (const s of oldest[1].warm) this.#track(s.destroy());
  }

  #refill(key: string) {
    const b = this.#buckets.get(key);
    if (!b || this.#closed || b.failing) return;
    const lifetime = this.opts.warmLifetimeMs ?? DEFAULT_WARM_LIFETIME_MS;
    while (b.warm.length + b.creating < this.opts.warmPerSpec) {
      b.creating++;
      const p = this.#create(b.spec, Date.now() + lifetime).then(
        async (s) => {
          b.creating--;
          const waiter = b.waiters.shift();
          if (waiter) waiter(s);
          else if (this.#closed || this.#buckets.get(key) !== b) await s.destroy();
          else b.warm.push(s);
          for (const w of this.#warmed.splice(0)) w();
        },
        (err: Error) => {
          b.creating--;
          for (const w of this.#warmed.splice(0)) w();
          b.waiters.shift()?.(null);
          b.failing = true; // retried on the next take, not in a tight loop
          this.opts.logger.warn({ err, spec: key }, "warming a sandbox failed");
        },
      );
      this.#track(p);
    }
  }

  #track(p: Promise<unknown>) {
    const tracked = p.catch((err: Error) => this.opts.logger.warn({ err }, "sandbox cleanup failed"));
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }
}
