import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The WAN between an office relay and the district, as a TCP proxy the test
 * controls. cut() resets every open connection and every new one (as a dead
 * link does to a client whose router answers). hang() makes every open
 * connection and every new one silent for good: bytes go nowhere, nothing is
 * closed or reset (a route that died behind a router that still accepts).
 * trickle() lets the district's answers through a few bytes at a time, on new
 * connections and open ones (a 2G link); midResponse() waits until one of them
 * is part-way through a response of a given content type and holds the rest
 * there. restore() forwards new connections again (silent ones stay silent).
 * record() keeps, in memory, what the relay sends from then on, recordAnswers()
 * what the district sends back. holdRequest() lets the next request for a path
 * through only up to some bytes of its body and holds the rest (a link that dies
 * while a push goes up). answer() makes the WAN answer every request for one path
 * itself (as a district without that route would), closing that connection.
 * Stores nothing.
 */

export interface WanProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  readonly origin: string;
  cut(): void;
  hang(): void;
  trickle(bytes: number, everyMs: number): void;
  /**
   * Resolves once a trickled response whose headers name `contentType` has
   * passed its headers and part of its body with more of it still held; the
   * rest stays held.
   */
  midResponse(contentType: string): Promise<void>;
  restore(): void;
  /**
   * From now on keeps each chunk the relay sends to the district, with its
   * connection's number; the function returned reads them, in the order they came.
   */
  record(): () => readonly SentChunk[];
  /** As record(), for what the district sends the relay. */
  recordAnswers(): () => readonly SentChunk[];
  /**
   * Resolves once the next request for `path` whose body is longer than
   * `bodyBytes` has passed its headers and `bodyBytes` of its body on to the
   * district; the rest of that connection's bytes are held from then on.
   */
  holdRequest(path: string, bodyBytes: number): Promise<void>;
  /**
   * From now on answers every request for `path` with `status` (a JSON error,
   * `Connection: close`) without passing it on; null passes them on again.
   */
  answer(path: string, status: number | null): void;
  /** How many requests the WAN has answered itself (answer()) so far. */
  answered(): number;
  close(): Promise<void>;
}

export interface SentChunk {
  readonly connection: number;
  readonly bytes: Buffer;
}

type Mode = 'open' | 'cut' | 'hang' | { readonly bytes: number; readonly everyMs: number };

interface RequestHold {
  /** `POST /api/sync HTTP/1.1`'s middle: ` /api/sync HTTP/1.1`. */
  readonly line: string;
  readonly bodyBytes: number;
  readonly resolve: () => void;
}

/**
 * The relay-to-district leg of one connection, read as requests (their headers,
 * then their Content-Length of body), so a request can be held part-way
 * (holdRequest). A body sent in chunks is not followed: that connection is then
 * passed on as it is.
 */
class RequestCut {
  private head = Buffer.alloc(0);
  /** Body bytes of the current request still to come. */
  private left = 0;
  /** The hold the current request is cut for, and its body bytes passed so far. */
  private cutting: { readonly hold: RequestHold; passed: number } | null = null;
  private lost = false;
  held = false;
  constructor(private readonly holds: RequestHold[]) {}
  /** What of `chunk` goes on to the district. */
  pass(chunk: Buffer): Buffer {
    if (this.held) return Buffer.alloc(0);
    if (this.lost) return chunk;
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - at);
        const c = this.cutting;
        if (c !== null && c.passed + take >= c.hold.bodyBytes) {
          out.push(chunk.subarray(at, at + c.hold.bodyBytes - c.passed));
          this.held = true;
          this.cutting = null;
          // After this chunk's bytes have gone on.
          setImmediate(c.hold.resolve);
          return Buffer.concat(out);
        }
        if (c !== null) c.passed += take;
        out.push(chunk.subarray(at, at + take));
        this.left -= take;
        at += take;
        continue;
      }
      const rest = chunk.subarray(at);
      const head = Buffer.concat([this.head, rest]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        this.head = head;
        out.push(rest);
        break;
      }
      const used = end + 4 - this.head.length;
      out.push(rest.subarray(0, used));
      at += used;
      this.head = Buffer.alloc(0);
      const text = head.subarray(0, end).toString('latin1');
      const lines = text.toLowerCase().split('\r\n');
      if (lines.some((l) => l.startsWith('transfer-encoding:'))) {
        this.lost = true;
        out.push(chunk.subarray(at));
        break;
      }
      const length = lines.find((l) => l.startsWith('content-length:'));
      this.left = length === undefined ? 0 : Number(length.slice('content-length:'.length));
      const i = this.holds.findIndex(
        (h) => text.split('\r\n')[0]?.includes(h.line) === true && this.left > h.bodyBytes,
      );
      const [hold] = i < 0 ? [] : this.holds.splice(i, 1);
      this.cutting = hold === undefined ? null : { hold, passed: 0 };
    }
    return Buffer.concat(out);
  }
}

interface Watch {
  readonly contentType: string;
  readonly resolve: () => void;
}

/** The district-to-relay leg of one connection, slowed to `bytes` every `everyMs`. */
class Trickle {
  private queue = Buffer.alloc(0);
  /** What went through, as latin1 (headers are ASCII). */
  private passed = '';
  private held = false;
  private ending = false;
  private readonly timer: ReturnType<typeof setInterval>;
  constructor(
    private readonly to: Socket,
    private readonly bytes: number,
    everyMs: number,
    private readonly watches: Watch[],
  ) {
    this.timer = setInterval(() => this.pump(), everyMs);
  }
  push(chunk: Buffer): void {
    this.queue = Buffer.concat([this.queue, chunk]);
  }
  end(): void {
    this.ending = true;
  }
  stop(): void {
    clearInterval(this.timer);
  }
  private pump(): void {
    if (this.held) return;
    if (this.queue.length === 0) {
      if (this.ending) {
        this.stop();
        this.to.destroy();
      }
      return;
    }
    const slice = this.queue.subarray(0, this.bytes);
    this.queue = this.queue.subarray(slice.length);
    this.to.write(slice);
    this.passed = (this.passed + slice.toString('latin1')).slice(-64 * 1024);
    this.check();
  }
  private check(): void {
    if (this.watches.length === 0 || this.queue.length === 0) return;
    const start = this.passed.lastIndexOf('HTTP/1.1 ');
    const end = start < 0 ? -1 : this.passed.indexOf('\r\n\r\n', start);
    if (end < 0 || this.passed.length <= end + 4) return;
    const headers = this.passed.slice(start, end).toLowerCase();
    const i = this.watches.findIndex((w) => headers.includes(w.contentType));
    if (i < 0) return;
    const [watch] = this.watches.splice(i, 1);
    this.held = true;
    watch?.resolve();
  }
}

export async function startWanProxy(target: string): Promise<WanProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const links = new Set<{ dead: boolean; trickle: Trickle | null; client: Socket }>();
  const watches: Watch[] = [];
  const holds: RequestHold[] = [];
  let mode: Mode = 'open';
  let sent: SentChunk[] | null = null;
  let received: SentChunk[] | null = null;
  let answered: { readonly line: string; readonly status: number } | null = null;
  let connections = 0;
  let answers = 0;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const slow = (client: Socket): Trickle | null =>
    typeof mode === 'object' ? new Trickle(client, mode.bytes, mode.everyMs, watches) : null;
  const server = createServer((client) => {
    track(client);
    if (mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: hostname, port: Number(port) });
    track(upstream);
    const link = { dead: mode === 'hang', trickle: slow(client), client };
    links.add(link);
    const connection = ++connections;
    const requests = new RequestCut(holds);
    client.on('data', (whole: Buffer) => {
      if (link.dead) return;
      const chunk = requests.pass(whole);
      if (chunk.length === 0) return;
      if (answered !== null && chunk.toString('latin1').includes(answered.line)) {
        // One request at a time on a connection: the district never sees this one.
        link.dead = true;
        answers += 1;
        upstream.destroy();
        const body = JSON.stringify({ error: 'notFound', detail: 'answered by the WAN' });
        client.end(
          `HTTP/1.1 ${answered.status} WAN\r\ncontent-type: application/json\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
        return;
      }
      upstream.write(chunk);
      sent?.push({ connection, bytes: chunk });
    });
    upstream.on('data', (chunk: Buffer) => {
      if (link.dead) return;
      received?.push({ connection, bytes: chunk });
      if (link.trickle === null) client.write(chunk);
      else link.trickle.push(chunk);
    });
    client.on('close', () => {
      links.delete(link);
      link.trickle?.stop();
      upstream.destroy();
    });
    // A silent link tells the relay nothing, not even that the district hung up.
    upstream.on('close', () => {
      if (link.dead) return;
      if (link.trickle === null) client.destroy();
      else link.trickle.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    cut() {
      mode = 'cut';
      for (const s of sockets) s.resetAndDestroy();
    },
    hang() {
      mode = 'hang';
      for (const link of links) link.dead = true;
    },
    trickle(bytes, everyMs) {
      mode = { bytes, everyMs };
      for (const link of links) if (link.trickle === null) link.trickle = slow(link.client);
    },
    midResponse: (contentType) =>
      new Promise<void>((resolve) =>
        watches.push({ contentType: contentType.toLowerCase(), resolve }),
      ),
    restore() {
      mode = 'open';
    },
    record() {
      const kept: SentChunk[] = [];
      sent = kept;
      return () => [...kept];
    },
    recordAnswers() {
      const kept: SentChunk[] = [];
      received = kept;
      return () => [...kept];
    },
    holdRequest: (path, bodyBytes) =>
      new Promise<void>((resolve) => holds.push({ line: ` ${path} HTTP/1.1`, bodyBytes, resolve })),
    answer(path, status) {
      answered = status === null ? null : { line: ` ${path} HTTP/1.1\r\n`, status };
    },
    answered: () => answers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const link of links) link.trickle?.stop();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
