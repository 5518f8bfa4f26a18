/**
 * An in-memory network between devices' sync engines and one server handler,
 * in the spirit of tldraw's TestSocketPair: a device's fetch puts a request
 * message on the wire and waits; the test decides which message is delivered
 * next, which is lost and which arrives twice. Nothing moves unless the test
 * says so, so a run is a pure function of its seed.
 *
 * A request that the device has given up on (lost response, device went
 * offline, engine stopped) may still reach the server later: the wire keeps it.
 */

/** What the server end answers for one delivered request. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface WireRequest {
  /** GET for the directory's device keys, POST for sync. */
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export type ServerEnd = (request: WireRequest) => Promise<Answer>;

/** One fetch a device made; open until answered, failed or aborted. */
interface Call {
  readonly id: number;
  readonly from: string;
  open: boolean;
  /** Stops listening to the fetch's abort signal. */
  forget: () => void;
  resolve(res: Response): void;
  reject(e: Error): void;
}

export type Message =
  | { readonly kind: 'request'; readonly call: Call; readonly request: WireRequest }
  | { readonly kind: 'response'; readonly call: Call; readonly answer: Answer };

/** Counts of what the wire did, for the run's summary line. */
export interface WireStats {
  requests: number;
  delivered: number;
  answered: number;
  lost: number;
  duplicated: number;
  refusedOffline: number;
}

export class MemoryNet {
  private readonly wire: Message[] = [];
  private readonly offline = new Set<string>();
  private readonly calls = new Set<Call>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private nextId = 1;
  readonly stats: WireStats = {
    requests: 0,
    delivered: 0,
    answered: 0,
    lost: 0,
    duplicated: 0,
    refusedOffline: 0,
  };

  constructor(private readonly server: ServerEnd) {}

  /** The fetch a device's engine uses; `from` names the device. */
  fetchFor(from: string): typeof fetch {
    return (input, init) => {
      if (this.offline.has(from)) {
        this.stats.refusedOffline++;
        return Promise.reject(new TypeError('network unreachable'));
      }
      const request: WireRequest = {
        method: init?.method === 'POST' ? 'POST' : 'GET',
        path: new URL(String(input)).pathname,
        headers: plainHeaders(init?.headers),
        body: bodyBytes(init?.body),
      };
      return new Promise<Response>((resolve, reject) => {
        const call: Call = { id: this.nextId++, from, open: true, forget: noop, resolve, reject };
        this.calls.add(call);
        const signal = init?.signal;
        if (signal) {
          const abort = (): void => this.fail(call, new DOMException('aborted', 'AbortError'));
          signal.addEventListener('abort', abort);
          call.forget = () => signal.removeEventListener('abort', abort);
        }
        this.wire.push({ kind: 'request', call, request });
        this.stats.requests++;
        this.wake(from);
      });
    };
  }

  get messages(): readonly Message[] {
    return this.wire;
  }

  /** True while `from` waits for an answer to a fetch. */
  waiting(from: string): boolean {
    for (const c of this.calls) if (c.from === from) return true;
    return false;
  }

  /** Resolves when `from` next calls fetch. */
  nextCall(from: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.waiters.get(from) ?? [];
      list.push(resolve);
      this.waiters.set(from, list);
    });
  }

  /**
   * Delivers message `i`: a request reaches the server (its answer goes on the
   * wire if the device still waits), a response reaches its device.
   */
  async deliver(i: number): Promise<void> {
    const [m] = this.wire.splice(i, 1);
    if (m === undefined) throw new Error(`no message ${i}`);
    if (m.kind === 'request') {
      this.stats.delivered++;
      const answer = await this.server(m.request);
      if (m.call.open) this.wire.push({ kind: 'response', call: m.call, answer });
      return;
    }
    if (!m.call.open) return;
    this.close(m.call);
    this.stats.answered++;
    const { status, headers, body } = m.answer;
    m.call.resolve(
      new Response(body.byteLength === 0 ? null : new Uint8Array(body), { status, headers }),
    );
  }

  /** Loses message `i`; a device left with nothing on the wire for its call times out. */
  lose(i: number): void {
    const [m] = this.wire.splice(i, 1);
    if (m === undefined) throw new Error(`no message ${i}`);
    this.stats.lost++;
    if (!this.wire.some((w) => w.call === m.call))
      this.fail(m.call, new TypeError('connection timed out'));
  }

  /** Puts a second copy of request `i` on the wire (a retransmission or a retrying proxy). */
  duplicate(i: number): void {
    const m = this.wire[i];
    if (m?.kind !== 'request') throw new Error(`message ${i} is not a request`);
    this.stats.duplicated++;
    this.wire.push({ ...m });
  }

  /** A device off the network: its waiting fetches fail; what it sent stays on the wire. */
  setOnline(from: string, online: boolean): void {
    if (online) {
      this.offline.delete(from);
      return;
    }
    this.offline.add(from);
    this.hangUp(from);
  }

  /** Fails the fetches `from` is waiting on (the app closed); what it sent stays on the wire. */
  hangUp(from: string): void {
    for (const c of [...this.calls]) if (c.from === from) this.fail(c, new TypeError('app closed'));
  }

  isOnline(from: string): boolean {
    return !this.offline.has(from);
  }

  private fail(call: Call, e: Error): void {
    if (!call.open) return;
    this.close(call);
    call.reject(e);
  }

  private close(call: Call): void {
    call.open = false;
    call.forget();
    this.calls.delete(call);
  }

  private wake(from: string): void {
    const list = this.waiters.get(from) ?? [];
    this.waiters.delete(from);
    for (const w of list) w();
  }
}

function plainHeaders(h: HeadersInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(h).entries());
}

function bodyBytes(body: BodyInit | null | undefined): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body === null || body === undefined) return new Uint8Array(0);
  throw new Error('the memory network carries byte and string bodies only');
}

const noop = (): void => undefined;
