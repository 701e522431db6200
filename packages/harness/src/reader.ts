// Reads framed messages (lines, RESP values, HTTP responses…) from a byte stream the program
// writes to, with a timeout per read and failures that say what arrived so far.
import type { Readable } from "node:stream";
import { StageFailure } from "./errors.ts";
import { quote } from "./format.ts";

/** The program sent bytes that break the protocol; the message is shown to the participant. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/**
 * Looks at the bytes received so far. Returns the decoded value and how many bytes it used,
 * undefined when more bytes are needed, or throws a ProtocolError. `ended` is true when the
 * peer closed its side (so "read until close" framings can finish).
 */
export type Parser<T> = (buffer: Buffer, ended: boolean) => { value: T; used: number } | undefined;

export interface ReadOptions {
  /** Default: the reader's default (5 s for connections). */
  timeoutMs?: number;
  /** What we were waiting for, e.g. "the reply to PING" — used in failure messages. */
  waitingFor?: string;
}

export interface ReaderOptions {
  /** Who is on the other side, for messages: "your program". */
  peer: string;
  defaultTimeoutMs: number;
  signal: AbortSignal;
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

export class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private endReason: string | undefined;
  private wake: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    stream: Readable,
    private readonly options: ReaderOptions,
  ) {
    stream.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    const end = (reason?: string) => {
      if (this.ended) return;
      this.ended = true;
      this.endReason = reason;
      this.wake?.();
    };
    stream.on("end", () => end());
    stream.on("close", () => end());
    stream.on("error", (e: NodeJS.ErrnoException) => end(e.code ?? e.message));
  }

  /** Bytes received and not consumed yet. */
  pending(): Buffer {
    return this.buffer;
  }

  /** Takes everything received and not consumed yet. */
  drain(): Buffer {
    const b = this.buffer;
    this.buffer = Buffer.alloc(0);
    return b;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Reads one framed value; reads are served in the order they were asked for. */
  read<T>(parse: Parser<T>, options: ReadOptions = {}): Promise<T> {
    const next = this.queue.then(
      () => this.readNow(parse, options),
      () => this.readNow(parse, options),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private readNow<T>(parse: Parser<T>, options: ReadOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    const waitingFor = options.waitingFor ? ` ${options.waitingFor}` : " a reply";
    const { peer, signal } = this.options;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | undefined, value?: T) => {
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        signal.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else resolve(value as T);
      };
      const soFar = () => (this.buffer.length === 0 ? "nothing" : quote(this.buffer.toString("utf8"), 200));
      const attempt = () => {
        let got: { value: T; used: number } | undefined;
        try {
          got = parse(this.buffer, this.ended);
        } catch (e) {
          if (e instanceof ProtocolError) {
            finish(new StageFailure("failed", e.message, { hint: e.hint }));
            return;
          }
          finish(e as Error);
          return;
        }
        if (got) {
          this.buffer = this.buffer.subarray(got.used);
          finish(undefined, got.value);
          return;
        }
        if (this.ended) {
          const why = this.endReason ? ` (${this.endReason})` : "";
          finish(
            new StageFailure(
              "failed",
              `${peer} closed the connection${why} while the test was waiting for${waitingFor}; received ${soFar()}`,
            ),
          );
        }
      };
      const onAbort = () => finish(new StageFailure("timeout", "the stage was stopped"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      timer = setTimeout(() => {
        finish(
          new StageFailure(
            "timeout",
            `${peer} did not send${waitingFor} within ${formatMs(timeoutMs)}; received ${soFar()}`,
          ),
        );
      }, timeoutMs);
      this.wake = attempt;
      attempt();
    });
  }
}

/** One line ending in \n; `\r\n` is accepted and stripped unless `strictCrlf`. */
export function lineParser(options: { strictCrlf?: boolean; maxBytes?: number } = {}): Parser<string> {
  const max = options.maxBytes ?? 1024 * 1024;
  return (buf, ended) => {
    const nl = buf.indexOf(0x0a);
    if (nl < 0) {
      if (buf.length > max) throw new ProtocolError(`a line longer than ${max} bytes without a newline`);
      if (ended && buf.length > 0) {
        throw new ProtocolError(
          `the last line ${quote(buf.toString("utf8"), 200)} has no newline at the end`,
          "end every line with \\n",
        );
      }
      return undefined;
    }
    const hasCr = nl > 0 && buf[nl - 1] === 0x0d;
    if (options.strictCrlf && !hasCr) {
      throw new ProtocolError(
        `line ${quote(buf.subarray(0, nl).toString("utf8"), 200)} ends with \\n alone; this protocol ends lines with \\r\\n`,
      );
    }
    const line = buf.subarray(0, hasCr ? nl - 1 : nl).toString("utf8");
    return { value: line, used: nl + 1 };
  };
}
