// A small typed client for the bsod api, turning error responses into one-line CliErrors.
import type { RunEvent } from "@bsod/contracts";
import { CliError } from "./errors.ts";

export class ApiClient {
  constructor(
    readonly server: string,
    private readonly token?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async request<T>(method: string, route: string, body?: unknown, raw?: { data: Buffer; type: string }): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.server}/api/v1${route}`, {
        method,
        headers: this.headers(
          raw ? { "content-type": raw.type } : body !== undefined ? { "content-type": "application/json" } : {},
        ),
        body: raw ? new Uint8Array(raw.data) : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${this.server}: ${(err as Error).message}; is the server running?`);
    }
    const text = await res.text();
    let data: any;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(`${this.server} did not answer like a bsod server (HTTP ${res.status})`);
    }
    if (!res.ok) {
      const message = data?.error?.message ?? `HTTP ${res.status}`;
      if (res.status === 401) throw new CliError(`${message}: run \`bsod login\` again`);
      throw new CliError(message);
    }
    return data as T;
  }

  /** Streams a binary response (a backup) into `file`; errors as request() reports them. */
  async download(route: string, file: string): Promise<number> {
    let res: Response;
    try {
      res = await fetch(`${this.server}/api/v1${route}`, { headers: this.headers() });
    } catch (err) {
      throw new CliError(`cannot reach ${this.server}: ${(err as Error).message}; is the server running?`);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      let message = `HTTP ${res.status}`;
      try {
        message = JSON.parse(text).error.message;
      } catch {}
      if (res.status === 401) throw new CliError(`${message}: run \`bsod login\` again`);
      throw new CliError(message);
    }
    const { createWriteStream } = await import("node:fs");
    const { Readable } = await import("node:stream");
    const { pipeline } = await import("node:stream/promises");
    let bytes = 0;
    const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
    body.on("data", (c: Buffer) => {
      bytes += c.length;
    });
    await pipeline(body, createWriteStream(file, { mode: 0o600 }));
    return bytes;
  }

  /** Follows a run's events over SSE, from afterSeq, until run.finished or the signal aborts. */
  async *runEvents(submissionId: string, afterSeq = 0, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    let last = afterSeq;
    for (let attempt = 0; attempt < 5; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.server}/api/v1/submissions/${submissionId}/events`, {
          headers: this.headers({ accept: "text/event-stream", "last-event-id": String(last) }),
          signal,
        });
      } catch (err) {
        if (signal?.aborted) return;
        if (attempt === 4) throw new CliError(`lost the connection to ${this.server}: ${(err as Error).message}`);
        continue;
      }
      if (!res.ok || !res.body) {
        const text = await res.text();
        let message = `HTTP ${res.status}`;
        try {
          message = JSON.parse(text).error.message;
        } catch {}
        throw new CliError(message);
      }
      const decoder = new TextDecoder();
      let buf = "";
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (data) {
            const ev = JSON.parse(data) as RunEvent;
            last = ev.seq;
            yield ev;
            if (ev.type === "run.finished") return;
          }
          i = buf.indexOf("\n\n");
        }
      }
      // The stream ended without run.finished: reconnect and resume from the last event.
    }
  }
}
