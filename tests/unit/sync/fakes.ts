import { expect } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { asRecordId, type RecordId } from '@domain/ids.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import {
  PROTOCOL_VERSION,
  type Frame,
  type RefusalReason,
  type ServerUpdate,
} from '@protocol/messages.ts';
import type { IncomingUpdate, OutgoingUpdate, SyncPort } from '@storage/sync/sync-port.ts';
import type { PushSocket } from '@sync/push-channel.ts';

/**
 * Test doubles for the sync engine: an in-memory SyncPort, a tiny sync server
 * speaking the real codec behind a fetch function, a push socket, and manual timers.
 */

export interface ManualTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void;
  /** Delays of timers still waiting. */
  pendingDelays(): number[];
}

export function createManualTimers(start = 1_780_000_000_000): ManualTimers {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; delay: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, delay: ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = until;
    },
    pendingDelays: () => [...timers.values()].map((t) => t.delay),
  };
}

export interface FakePort extends SyncPort {
  cursorValue: number;
  outbox: OutgoingUpdate[];
  readonly applied: IncomingUpdate[];
  readonly quarantined: {
    ref: number;
    recordId: RecordId;
    reason: string;
    serverState: Uint8Array;
  }[];
  clockOffset: number | null;
  lastSynced: number | null;
}

export function createFakePort(): FakePort {
  const port: FakePort = {
    cursorValue: 0,
    outbox: [],
    applied: [],
    quarantined: [],
    clockOffset: null,
    lastSynced: null,
    cursor: async () => port.cursorValue,
    async takeOutgoing(maxBytes) {
      const out: OutgoingUpdate[] = [];
      let size = 0;
      for (const u of port.outbox) {
        if (out.length > 0 && size + u.update.length > maxBytes) break;
        size += u.update.length;
        out.push(u);
      }
      return out;
    },
    pendingCount: async () => new Set(port.outbox.map((u) => u.recordId)).size,
    async applyIncoming(updates, cursor) {
      port.applied.push(...updates);
      port.cursorValue = cursor;
    },
    async acknowledge(refs) {
      port.outbox = port.outbox.filter((u) => !refs.includes(u.ref));
    },
    async quarantine(ref, recordId, reason, _detail, serverState) {
      port.quarantined.push({ ref, recordId, reason, serverState });
      port.outbox = port.outbox.filter((u) => u.ref !== ref);
    },
    async saveClockOffset(offset) {
      port.clockOffset = offset;
    },
    async saveLastSynced(at) {
      port.lastSynced = at;
    },
  };
  return port;
}

let nextRef = 1;
export function outgoing(recordId: string, size: number, fill = 1): OutgoingUpdate {
  return {
    ref: nextRef++,
    recordId: asRecordId(recordId),
    update: new Uint8Array(size).fill(fill),
  };
}

/** What the fake network does with the next request. */
export type Fault = 'none' | 'networkDown' | 'dropResponse' | 'http500' | 'http401' | 'http429';

export interface FakeServer {
  readonly log: ServerUpdate[];
  /** Records whose pushes are refused. */
  readonly refuse: Map<string, RefusalReason>;
  /** Max updates per response page. */
  pageSize: number;
  /** Server clock minus device clock. */
  skewMs: number;
  /** One-way latency the fake network adds on each leg. */
  latencyMs: number;
  faults: Fault[];
  /** Replaces the response entirely (version errors etc.). */
  override: ((req: Frame) => Frame | Uint8Array<ArrayBuffer>) | null;
  readonly requests: Frame[];
  inFlight: number;
  maxInFlight: number;
  /** Resolves requests only when released (for one-at-a-time tests). */
  gate: Promise<void> | null;
  readonly fetch: typeof fetch;
  add(recordId: string, bytes: number): void;
}

export function createFakeServer(timers: ManualTimers): FakeServer {
  const server: FakeServer = {
    log: [],
    refuse: new Map(),
    pageSize: 100,
    skewMs: 0,
    latencyMs: 0,
    faults: [],
    override: null,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    gate: null,
    add(recordId, bytes) {
      server.log.push({
        seq: server.log.length + 1,
        recordId: asRecordId(recordId),
        update: new Uint8Array(bytes).fill(7),
      });
    },
    fetch: async (_url, init) => {
      server.inFlight++;
      server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
      try {
        if (server.gate) await server.gate;
        return respond(server, timers, requestFrame(init));
      } finally {
        server.inFlight--;
      }
    },
  };
  return server;
}

/** The request frame, inflated when the transport gzipped it (as the real server does). */
function requestFrame(init: RequestInit | undefined): Uint8Array {
  const body = new Uint8Array(init?.body as Uint8Array);
  const encoding = new Headers(init?.headers).get('content-encoding');
  return encoding === 'gzip' ? new Uint8Array(gunzipSync(body)) : body;
}

function respond(server: FakeServer, timers: ManualTimers, body: Uint8Array): Response {
  const fault = server.faults.shift() ?? 'none';
  if (fault === 'networkDown') throw new TypeError('fetch failed');
  if (fault === 'http500') return new Response('oops', { status: 500 });
  if (fault === 'http401') return new Response('', { status: 401 });
  if (fault === 'http429') {
    const frame = encodeFrame({ type: 'error', code: 'tooManyRequests', detail: 'slow down' });
    return new Response(frame, { status: 429, headers: { 'retry-after': '90' } });
  }
  timers.advance(server.latencyMs);
  const decoded = decodeFrame(body);
  if (!decoded.ok || decoded.value.type !== 'syncRequest')
    throw new Error('fake server got a bad frame');
  const req = decoded.value;
  server.requests.push(req);
  const answer = server.override?.(req) ?? handle(server, timers, req);
  timers.advance(server.latencyMs);
  if (fault === 'dropResponse') throw new TypeError('connection reset');
  return new Response(answer instanceof Uint8Array ? answer : encodeFrame(answer), { status: 200 });
}

function handle(
  server: FakeServer,
  timers: ManualTimers,
  req: Extract<Frame, { type: 'syncRequest' }>,
): Frame {
  const acks: number[] = [];
  const refusals = [];
  for (const u of req.updates) {
    const reason = server.refuse.get(u.recordId);
    if (reason) {
      refusals.push({
        ref: u.ref,
        recordId: u.recordId,
        reason,
        detail: 'no',
        serverState: new Uint8Array([9]),
      });
      continue;
    }
    // Idempotent like a Yjs store: the same update twice is stored once.
    const seen = server.log.some((l) => l.recordId === u.recordId && sameBytes(l.update, u.update));
    if (!seen)
      server.log.push({ seq: server.log.length + 1, recordId: u.recordId, update: u.update });
    acks.push(u.ref);
  }
  const past = server.log.filter((l) => l.seq > req.cursor);
  const page = past.slice(0, server.pageSize);
  const cursor = page.at(-1)?.seq ?? req.cursor;
  return {
    type: 'syncResponse',
    protocol: PROTOCOL_VERSION,
    acks,
    refusals,
    updates: page,
    cursor,
    more: past.length > page.length,
    serverTime: timers.now() + server.skewMs,
    headSeq: server.log.length,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A WebSocket double the test drives by hand; `opened` lists every socket made, newest last. */
export class FakeSocket implements PushSocket {
  static opened: FakeSocket[] = [];
  binaryType = 'blob';
  onopen: PushSocket['onopen'] = null;
  onmessage: PushSocket['onmessage'] = null;
  onclose: PushSocket['onclose'] = null;
  onerror: PushSocket['onerror'] = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {
    FakeSocket.opened.push(this);
  }
  close(): void {
    this.closed = true;
  }
  open(): void {
    this.onopen?.({});
  }
  receive(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.onmessage?.({ data: copy.buffer });
  }
  drop(): void {
    this.onerror?.({});
    this.onclose?.({});
  }
}

/** Resolves once `check` passes, letting promises run in between (no fixed sleeps). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000 && !(await check()); i++)
    await new Promise<void>((r) => setImmediate(r));
  expect(await check()).toBe(true);
}
