// One phase of a supervised run (setup, build, stages): follows the supervisor's frames until
// the frame that ends the phase, with a wall-clock deadline, an output cap and abort. Every
// early stop kills the container, exactly like a stopped `docker exec` did.
import type { Sandbox } from "../sandbox/sandbox.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import type { Frame, FrameType } from "../sandbox/supervisor-channel.ts";

/** How a phase ended: by itself (its ending frame, or the stream closing), or stopped by us. */
export type PhaseEnd = "exited" | "timeout" | "output_limit" | "aborted";

export interface PhaseOptions {
  /** The frame type that ends the phase. */
  endsWith: FrameType;
  timeoutMs: number;
  /** Bytes of output frames delivered before the phase is stopped as output_limit. */
  maxOutputBytes: number;
  /** Output frame types and where their bytes go. */
  output: Partial<Record<FrameType, (chunk: Buffer) => void>>;
  signal?: AbortSignal | undefined;
}

export interface PhaseResult {
  end: PhaseEnd;
  /** The payload of the frame that ended the phase (JSON), or null when it never came. */
  report: unknown;
  durationMs: number;
  outputBytes: number;
}

export async function runPhase(sandbox: Sandbox, opts: PhaseOptions): Promise<PhaseResult> {
  const started = Date.now();
  const channel = sandbox.supervisor;
  if (opts.signal?.aborted) return { end: "aborted", report: null, durationMs: 0, outputBytes: 0 };
  let outputBytes = 0;
  let stopped: PhaseEnd | null = null;
  let killing: Promise<void> | null = null;
  let failure: string | null = null;

  const outcome = await new Promise<{ report: unknown }>((resolve) => {
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      channel.unlisten();
    };
    const stop = (why: PhaseEnd) => {
      if (stopped) return;
      stopped = why;
      cleanup();
      killing = sandbox.kill();
      void killing.then(
        () => resolve({ report: null }),
        () => resolve({ report: null }),
      );
    };
    const timer = setTimeout(() => stop("timeout"), opts.timeoutMs);
    const onAbort = () => stop("aborted");
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const done = (report: unknown) => {
      cleanup();
      resolve({ report });
    };
    channel.listen((frame: Frame | null) => {
      if (frame === null) return done(null);
      if (stopped) return;
      if (frame.type === opts.endsWith) return done(JSON.parse(frame.payload.toString("utf8")));
      if (frame.type === "f") {
        failure = frame.payload.toString("utf8");
        return done(null);
      }
      const deliver = opts.output[frame.type];
      if (!deliver) return;
      const room = opts.maxOutputBytes - outputBytes;
      outputBytes += frame.payload.length;
      if (frame.payload.length > room) {
        if (room > 0) deliver(frame.payload.subarray(0, room));
        stop("output_limit");
      } else {
        deliver(frame.payload);
      }
    });
  });
  if (killing) await killing;
  const durationMs = Date.now() - started;
  if (failure !== null) throw new SandboxError(`the sandbox supervisor failed: ${failure}`);
  if (stopped) return { end: stopped, report: null, durationMs, outputBytes };
  return { end: "exited", report: outcome.report, durationMs, outputBytes };
}
