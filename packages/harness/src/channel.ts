// A two-way byte channel to the participant's program (a TCP connection or its stdin/stdout)
// with the protocol helpers stage tests use: lines, JSON lines, RESP and HTTP/1.1.
import { StageFailure } from "./errors.ts";
import { quote } from "./format.ts";
import { encodeRequest, type HttpRequest, type HttpResponse, httpResponseParser } from "./http.ts";
import { type ByteReader, lineParser, type Parser, type ReadOptions } from "./reader.ts";
import { type RespValue, resp, respParser } from "./resp.ts";

export type { ReadOptions };

export class Channel {
  constructor(
    protected readonly reader: ByteReader,
    private readonly writeBytes: (data: Buffer) => Promise<void>,
    /** Value of the Host header for HTTP requests. */
    protected readonly host = "127.0.0.1",
  ) {}

  /** Writes raw bytes (or a string as UTF-8). */
  write(data: string | Buffer | Uint8Array): Promise<void> {
    return this.writeBytes(Buffer.from(data));
  }

  /** Reads one value framed by `parse` (see reader.ts for parsers). */
  read<T>(parse: Parser<T>, options?: ReadOptions): Promise<T> {
    return this.reader.read(parse, options);
  }

  /** Everything received and not read yet (does not wait). */
  takeReceived(): Buffer {
    return this.reader.drain();
  }

  writeLine(line: string): Promise<void> {
    return this.write(`${line}\n`);
  }

  /** Reads one line (without its \n; a trailing \r is dropped unless strictCrlf). */
  readLine(options: ReadOptions & { strictCrlf?: boolean } = {}): Promise<string> {
    return this.reader.read(lineParser({ strictCrlf: options.strictCrlf }), { waitingFor: "a line", ...options });
  }

  /** Writes one JSON value as a line. */
  sendJson(value: unknown): Promise<void> {
    return this.writeLine(JSON.stringify(value));
  }

  /** Reads one line and parses it as JSON; a line that is not JSON fails the stage. */
  async readJson<T = unknown>(options: ReadOptions = {}): Promise<T> {
    const line = await this.readLine({ waitingFor: "a JSON line", ...options });
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new StageFailure("failed", `expected a line of JSON, got ${quote(line, 200)}`, {
        hint: "print exactly one JSON value per line, and nothing else on stdout",
      });
    }
  }

  /** Reads one RESP value (strict framing). */
  readResp(options: ReadOptions = {}): Promise<RespValue> {
    return this.reader.read(respParser, { waitingFor: "a RESP reply", ...options });
  }

  /**
   * Sends a RESP command (an array of strings is sent as an array of bulk strings) and reads
   * the reply.
   */
  async send(command: readonly string[] | RespValue, options: ReadOptions = {}): Promise<RespValue> {
    const value = Array.isArray(command) ? resp.command(command as string[]) : (command as RespValue);
    await this.write(resp.encode(value));
    const name = Array.isArray(command) ? (command as string[]).join(" ") : resp.describe(value);
    return this.readResp({
      waitingFor: `the reply to ${name.length > 60 ? `${name.slice(0, 60)}…` : name}`,
      ...options,
    });
  }

  /** Sends one HTTP/1.1 request and reads the response. */
  async request(req: HttpRequest, options: ReadOptions = {}): Promise<HttpResponse> {
    await this.write(encodeRequest(req, this.host));
    const method = req.method ?? "GET";
    return this.reader.read(httpResponseParser(method), {
      waitingFor: `the response to ${method} ${req.path ?? "/"}`,
      ...options,
    });
  }
}
