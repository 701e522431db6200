// Follows the harness's line protocol: validates each message, checks the stage order and
// turns messages into run events. Anything unexpected is a protocol error: our fault.
import { HarnessMessage, type NewRunEvent, type ServiceCall, type StageResult } from "@bsod/contracts";

interface Current {
  slug: string;
  index: number;
  startedAt: number;
}

export class HarnessSession {
  readonly results: StageResult[] = [];
  /** A stage.failed verdict is held back until the worker checked it against OOM kills. */
  heldFailure: StageResult | null = null;
  current: Current | null = null;
  done = false;
  protocolError: string | null = null;
  /** Lines ignored because they came after the first failure or after harness.done. */
  ignored = 0;

  constructor(
    private readonly stages: string[],
    private readonly emit: (e: NewRunEvent) => unknown,
    private readonly onProtocolError: (why: string) => void,
    private readonly onDone: () => void = () => {},
    /** A harness asking to steer one of the run's sidecar services (answered on its stdin). */
    private readonly onServiceCall: ((call: ServiceCall) => void) | null = null,
  ) {}

  get failed(): boolean {
    return this.heldFailure !== null;
  }

  /** The stage a verdict decided by the worker belongs to: the running one, or the next. */
  pendingStage(): { slug: string; startedAt: number | null } | null {
    if (this.current) return { slug: this.current.slug, startedAt: this.current.startedAt };
    if (this.failed) return null;
    const next = this.stages[this.results.length];
    return next === undefined ? null : { slug: next, startedAt: null };
  }

  onLine(line: string): void {
    if (this.protocolError || line.trim() === "") return;
    const problem = this.#handle(line);
    if (problem) {
      this.protocolError = problem;
      this.onProtocolError(problem);
    }
  }

  /** Applies one line; returns what is wrong with it, if anything. */
  #handle(line: string): string | null {
    let msg: HarnessMessage;
    try {
      const parsed = HarnessMessage.safeParse(JSON.parse(line));
      if (!parsed.success) return `invalid harness message: ${clip(line)}`;
      msg = parsed.data;
    } catch {
      return `malformed harness line: ${clip(line)}`;
    }
    if (this.done || (this.failed && msg.type !== "harness.done")) {
      this.ignored++;
      return null;
    }
    switch (msg.type) {
      case "stage.started": {
        const expected = this.stages[this.results.length];
        if (this.current) return `stage ${msg.slug} started while ${this.current.slug} was running`;
        if (msg.slug !== expected) return `stage ${msg.slug} started, expected ${expected ?? "none"}`;
        this.current = { slug: msg.slug, index: this.results.length, startedAt: Date.now() };
        this.emit({
          type: "stage.started",
          slug: msg.slug,
          index: this.current.index,
          ...(msg.title !== undefined ? { title: msg.title } : {}),
        });
        return null;
      }
      case "stage.log":
        if (!this.current || msg.slug !== this.current.slug) {
          return `log line for stage ${msg.slug}, which is not running`;
        }
        this.emit({ type: "stage.log", slug: msg.slug, source: msg.source, line: msg.line });
        return null;
      case "stage.passed": {
        if (!this.current || msg.slug !== this.current.slug) return `stage ${msg.slug} passed without running`;
        const r: StageResult = { slug: msg.slug, status: "passed", durationMs: msg.durationMs };
        if (msg.metric) r.metric = msg.metric;
        this.results.push(r);
        this.current = null;
        this.emit({
          type: "stage.passed",
          slug: r.slug,
          durationMs: r.durationMs,
          ...(r.metric ? { metric: r.metric } : {}),
        });
        return null;
      }
      case "stage.failed": {
        if (!this.current || msg.slug !== this.current.slug) return `stage ${msg.slug} failed without running`;
        if (msg.status === "passed") return `stage ${msg.slug} failed with status passed`;
        this.heldFailure = { slug: msg.slug, status: msg.status, durationMs: msg.durationMs, message: msg.message };
        if (msg.hint !== undefined) this.heldFailure.hint = msg.hint;
        this.current = null;
        return null;
      }
      case "harness.done":
        this.done = true;
        this.onDone();
        return null;
      case "service.call":
        if (!this.onServiceCall) return `service.call for ${msg.service}, but this run has no services`;
        this.onServiceCall(msg);
        return null;
    }
  }

  /**
   * Records the final failing verdict (the harness's, possibly corrected, or the worker's own)
   * and emits it. Returns every stage result in run order.
   */
  finish(failure: StageResult | null): StageResult[] {
    const f = failure ?? this.heldFailure;
    if (f) {
      this.results.push(f);
      this.emit({
        type: "stage.failed",
        slug: f.slug,
        status: f.status,
        durationMs: f.durationMs,
        message: f.message ?? f.status,
        ...(f.hint !== undefined ? { hint: f.hint } : {}),
      });
    }
    return this.results;
  }
}

function clip(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
