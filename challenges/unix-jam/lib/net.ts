// Shared by the distributed stages: a simulated network in the spirit of Maelstrom. Every node
// is one run of `./your_program node`; it reads one JSON message per line on stdin and writes
// messages on stdout. The harness routes what a node sends to another node (with a small
// random delay, dropping it while a partition separates them) and matches what a node sends
// to a client (c1, c2…) with the request it answers.
import { type ProgramProcess, quote, type Random, type StageContext, StageFailure } from "@bsod/harness";

export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [key: string]: unknown;
}
export interface Message {
  src: string;
  dest: string;
  body: Body;
}

interface Pending {
  resolve(m: Message): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
  node: string;
  client: string;
  sent: number;
  type: string;
}

export class Network {
  readonly nodes = new Map<string, ProgramProcess>();
  readonly stats = { nodeToNode: 0, dropped: 0, toClients: 0, fromClients: 0 };
  readonly latencies: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private error: StageFailure | undefined;
  private closed = false;
  private groups: Array<Set<string>> | undefined;

  constructor(
    private readonly ctx: StageContext,
    private readonly random: Random,
  ) {}

  get ids(): string[] {
    return [...this.nodes.keys()];
  }

  /** Starts `count` nodes n1…nN and sends each its init. */
  async start(count: number): Promise<void> {
    const ids = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    this.ctx.log.step(`$ ./your_program node   (×${count}: ${ids.join(", ")})`);
    for (const id of ids) {
      const proc = await this.ctx.program.start(["node"], { logStdout: false });
      this.nodes.set(id, proc);
      void this.pump(id, proc);
    }
    await Promise.all(
      ids.map(async (id) => {
        const reply = await this.request(id, { type: "init", node_id: id, node_ids: ids }, { timeoutMs: 5000 });
        this.expectType(reply, "init_ok", 'answer init with {"type":"init_ok","in_reply_to":<its msg_id>}');
      }),
    );
    this.ctx.log.info(`init: ${count} node${count > 1 ? "s" : ""} answered init_ok`);
  }

  /** Sends a request from a client and waits for the reply. */
  request(node: string, body: Body, o: { client?: string; timeoutMs?: number } = {}): Promise<Message> {
    this.check();
    const msgId = this.nextId++;
    const client = o.client ?? "c1";
    const msg: Message = { src: client, dest: node, body: { ...body, msg_id: msgId } };
    const timeoutMs = o.timeoutMs ?? 2000;
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(msgId);
        reject(
          new StageFailure(
            "failed",
            `${node} did not answer ${quote(JSON.stringify(msg), 200)} within ${timeoutMs} ms`,
            {
              hint: `reply with a message to "${client}" whose body has "in_reply_to": ${msgId}; flush stdout after each line`,
            },
          ),
        );
      }, timeoutMs);
      this.pending.set(msgId, { resolve, reject, timer, node, client, sent: Date.now(), type: body.type });
      this.stats.fromClients++;
      void this.nodes.get(node)?.writeLine(JSON.stringify(msg));
    });
  }

  expectType(reply: Message, type: string, hint: string): void {
    if (reply.body.type !== type) {
      throw new StageFailure("failed", `expected a ${type} reply, got ${quote(JSON.stringify(reply), 200)}`, { hint });
    }
  }

  /** Splits the nodes in groups that cannot talk to each other; undefined heals. */
  partition(groups: string[][] | undefined): void {
    this.groups = groups?.map((g) => new Set(g));
  }

  private separated(a: string, b: string): boolean {
    if (!this.groups) return false;
    return !this.groups.some((g) => g.has(a) && g.has(b));
  }

  async sleep(ms: number): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    this.check();
  }

  /** Throws the first protocol error a node made. */
  check(): void {
    if (this.error) throw this.error;
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  latencySummary(): string {
    if (this.latencies.length === 0) return "no replies";
    const s = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return `median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${s[s.length - 1]} ms over ${s.length} replies`;
  }

  private abort(f: StageFailure): void {
    if (this.closed || this.error) return;
    this.error = f;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(f);
    }
    this.pending.clear();
  }

  private async pump(id: string, proc: ProgramProcess): Promise<void> {
    for (;;) {
      let line: string;
      try {
        line = await proc.readLine({ timeoutMs: 3_600_000, waitingFor: `a message from ${id}` });
      } catch (e) {
        if (!this.closed) {
          this.abort(e instanceof StageFailure ? e : new StageFailure("failed", `${id}: ${String(e)}`));
        }
        return;
      }
      if (this.closed) return;
      if (line.trim() === "") continue;
      let msg: Message;
      try {
        msg = JSON.parse(line) as Message;
      } catch {
        this.abort(
          new StageFailure("failed", `${id} printed a line that is not JSON: ${quote(line, 200)}`, {
            hint: "print only messages on stdout, one JSON object per line; debug output goes to stderr",
          }),
        );
        return;
      }
      this.route(id, msg, line);
    }
  }

  private route(from: string, msg: Message, line: string): void {
    const shown = quote(line, 200);
    if (typeof msg !== "object" || msg === null || typeof msg.body !== "object" || msg.body === null) {
      this.abort(new StageFailure("failed", `${from} sent ${shown}: a message needs src, dest and a body object`));
      return;
    }
    if (msg.src !== from) {
      this.abort(
        new StageFailure("failed", `${from} sent ${shown} with src ${quote(String(msg.src))}`, {
          hint: `the src of every message a node sends is its own id (here "${from}", from the init message)`,
        }),
      );
      return;
    }
    if (typeof msg.body.type !== "string") {
      this.abort(new StageFailure("failed", `${from} sent ${shown}: the body has no "type"`));
      return;
    }
    const dest = String(msg.dest);
    const target = this.nodes.get(dest);
    if (target) {
      if (this.separated(from, dest)) {
        this.stats.dropped++;
        return;
      }
      this.stats.nodeToNode++;
      const delay = this.random.int(0, 4);
      setTimeout(() => {
        if (!this.closed) void target.writeLine(line);
      }, delay);
      return;
    }
    if (!/^c\d+$/.test(dest)) {
      this.abort(
        new StageFailure("failed", `${from} sent ${shown} to ${quote(dest)}, which is neither a node nor a client`, {
          hint: `nodes are ${this.ids.join(", ")}; clients are c1, c2, …`,
        }),
      );
      return;
    }
    this.stats.toClients++;
    const id = msg.body.in_reply_to;
    const p = typeof id === "number" ? this.pending.get(id) : undefined;
    if (!p) {
      this.abort(
        new StageFailure("failed", `${from} sent ${shown} to a client, but it answers no pending request`, {
          hint: "a reply carries the msg_id of the request in in_reply_to, and each request gets exactly one reply",
        }),
      );
      return;
    }
    this.pending.delete(id as number);
    clearTimeout(p.timer);
    if (dest !== p.client || from !== p.node) {
      p.reject(
        new StageFailure("failed", `${from} sent ${shown}: the reply should go from ${p.node} to ${p.client}`, {
          hint: "swap src and dest of the request for the reply",
        }),
      );
      return;
    }
    if (msg.body.type === "error") {
      p.reject(new StageFailure("failed", `${from} answered ${p.type} with an error: ${shown}`));
      return;
    }
    this.latencies.push(Date.now() - p.sent);
    p.resolve(msg);
  }
}
