import { describe, expect, it, vi } from 'vitest';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PAGE_BYTES, PROTOCOL_VERSION, type Frame } from '@protocol/messages.ts';
import { createSyncEngine, type SyncEngineDeps } from '@sync/engine.ts';
import type { SyncStatus } from '@sync/status.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  FakeSocket,
  outgoing,
  type FakePort,
  type FakeServer,
  type ManualTimers,
  until,
} from './fakes.ts';

interface Rig {
  timers: ManualTimers;
  port: FakePort;
  server: FakeServer;
  deps: SyncEngineDeps;
}

function rig(overrides: Partial<SyncEngineDeps> = {}): Rig {
  const timers = createManualTimers();
  const port = createFakePort();
  const server = createFakeServer(timers);
  const deps: SyncEngineDeps = {
    port,
    deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
    getToken: () => 'token',
    baseUrl: 'http://sync.test',
    fetch: server.fetch,
    now: timers.now,
    random: () => 0.5,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    ...overrides,
  };
  return { timers, port, server, deps };
}

describe('sync engine', () => {
  it('pushes the outbox, pulls new updates, and reports synced', async () => {
    const { port, server, deps } = rig();
    server.add('a', 10);
    port.outbox.push(outgoing('b', 20));
    const engine = createSyncEngine(deps);
    const outcome = await engine.syncNow();
    expect(outcome).toMatchObject({ kind: 'synced', pages: 1 });
    expect(port.outbox).toEqual([]);
    expect(port.cursorValue).toBe(2);
    expect(port.applied.map((u) => u.recordId)).toEqual(['a', 'b']);
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'synced',
      pending: 0,
      lastSyncedAt: deps.now(),
    });
    expect(port.lastSynced).toBe(deps.now());
  });

  it('computes the clock offset from the response at its arrival, never ahead of the server', async () => {
    const { port, server, deps } = rig();
    server.skewMs = 90_000;
    server.latencyMs = 700;
    await createSyncEngine(deps).syncNow();
    // Behind the server by the response's travel (the fake server answers after latencyMs).
    expect(port.clockOffset).toBe(90_000 - 700);
  });

  it('pages through a long catch-up, advancing the cursor per page and showing progress', async () => {
    const { port, server, deps } = rig();
    for (let i = 0; i < 25; i++) server.add(`r${i}`, 5);
    server.pageSize = 10;
    const engine = createSyncEngine(deps);
    const seen: SyncStatus[] = [];
    engine.status.subscribe(() => seen.push(engine.status.getSnapshot()));
    const outcome = await engine.syncNow();
    expect(outcome).toMatchObject({ kind: 'synced', pages: 3 });
    expect(server.requests.map((r) => (r.type === 'syncRequest' ? r.cursor : -1))).toEqual([
      0, 10, 20,
    ]);
    expect(port.applied).toHaveLength(25);
    expect(seen.map((s) => s.progress).filter((p) => p !== null)).toEqual([
      { done: 10, total: 25 },
      { done: 20, total: 25 },
    ]);
    expect(engine.status.getSnapshot().progress).toBeNull();
  });

  it('splits a large outbox into requests of at most PAGE_BYTES', async () => {
    const { port, server, deps } = rig();
    // Two fit in a request, so five take at least three.
    for (let i = 0; i < 5; i++)
      port.outbox.push(outgoing(`big${i}`, Math.floor(PAGE_BYTES * 0.45), i));
    const sizes: number[] = [];
    const engine = createSyncEngine({
      ...deps,
      fetch: (url, init) => {
        sizes.push((init?.body as Uint8Array).length);
        return server.fetch(url, init);
      },
    });
    await engine.syncNow();
    expect(port.outbox).toEqual([]);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(PAGE_BYTES);
    expect(server.log).toHaveLength(5);
  });

  it('quarantines a refused change with its reason and keeps syncing the rest', async () => {
    const { port, server, deps } = rig();
    server.refuse.set('bad', 'actorMismatch');
    const bad = outgoing('bad', 4);
    port.outbox.push(bad, outgoing('good', 4));
    const outcome = await createSyncEngine(deps).syncNow();
    expect(outcome.kind).toBe('synced');
    expect(port.quarantined).toEqual([
      { ref: bad.ref, recordId: 'bad', reason: 'actorMismatch', serverState: new Uint8Array([9]) },
    ]);
    expect(port.outbox).toEqual([]);
    expect(server.log.map((l) => l.recordId)).toEqual(['good']);
  });

  it('keeps a change the server could not store because its copy is damaged', async () => {
    const { port, server, deps } = rig();
    server.refuse.set('damaged', 'recordDamaged');
    const waiting = outgoing('damaged', 4);
    port.outbox.push(waiting, outgoing('good', 4));
    const outcome = await createSyncEngine(deps).syncNow();
    expect(outcome.kind).toBe('synced');
    expect(port.quarantined).toEqual([]);
    expect(port.outbox).toEqual([waiting]);
    expect(server.log.map((l) => l.recordId)).toEqual(['good']);
  });

  it('keeps the outbox when the response is lost, and the retry stores nothing twice', async () => {
    const { port, server, deps, timers } = rig();
    port.outbox.push(outgoing('x', 8), outgoing('y', 8));
    server.faults = ['dropResponse'];
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'offline');
    expect(port.outbox).toHaveLength(2); // not acknowledged: still ours
    expect(server.log).toHaveLength(2); // but the server committed them
    timers.advance(Math.max(...timers.pendingDelays()));
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(port.outbox).toEqual([]);
    expect(server.log).toHaveLength(2);
    expect(port.applied.map((u) => u.recordId)).toEqual(['x', 'y']);
    engine.stop();
  });

  it('backs off exponentially with jitter while offline, and syncs at once when back online', async () => {
    const hook: { online: (() => void) | null } = { online: null };
    const { server, deps, timers } = rig({
      onlineEvents: (l) => ((hook.online = l), () => (hook.online = null)),
    });
    server.faults = Array<'networkDown'>(12).fill('networkDown');
    const engine = createSyncEngine(deps);
    engine.start();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      await until(() => timers.pendingDelays().length === 1 && server.inFlight === 0);
      const d = timers.pendingDelays()[0] ?? 0;
      delays.push(d);
      timers.advance(d);
    }
    // random() = 0.5 → three quarters of the doubling ceiling, capped at 5 min.
    expect(delays).toEqual([1500, 3000, 6000, 12000, 24000, 48000, 96000, 192000, 225000, 225000]);
    await until(() => engine.status.getSnapshot().state === 'offline');
    expect(engine.status.getSnapshot().error).toBe('network');
    server.faults = [];
    await until(() => server.inFlight === 0 && hook.online !== null);
    hook.online?.();
    await until(() => engine.status.getSnapshot().state === 'synced');
    engine.stop();
    expect(hook.online).toBeNull();
    expect(timers.pendingDelays()).toEqual([]);
  });

  it('runs one sync at a time; calls during a run share exactly one more run', async () => {
    const { server, deps } = rig();
    let release: () => void = () => undefined;
    server.gate = new Promise<void>((r) => (release = r));
    const engine = createSyncEngine(deps);
    const first = engine.syncNow();
    await until(() => server.inFlight === 1);
    const second = engine.syncNow();
    const third = engine.syncNow();
    expect(third).toBe(second);
    release();
    await Promise.all([first, second, third]);
    expect(server.maxInFlight).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('signs out on 401 without retrying', async () => {
    const onAuthError = vi.fn();
    const { server, deps, timers } = rig({ onAuthError });
    server.faults = ['http401'];
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'signedOut');
    expect(onAuthError).toHaveBeenCalledOnce();
    expect(timers.pendingDelays()).toEqual([]);
    engine.stop();
  });

  it('says a provisional session must sign in again when refused, keeping the outbox (decision 0015)', async () => {
    const { port, server, deps } = rig();
    port.provisionalKey = async () => 'key-1';
    port.outbox.push(outgoing('b', 20));
    server.faults = ['http401'];
    const engine = createSyncEngine(deps);
    expect(await engine.syncNow()).toMatchObject({ kind: 'signedOut', provisional: true });
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'signedOut',
      error: 'provisionalSession',
      pending: 1,
    });
    expect(port.outbox).toHaveLength(1);
  });

  it("syncs at the relay's fallback from the second sync in a row its address misses, and at its address once it answers", async () => {
    const { port, server, deps } = rig();
    const asked: string[] = [];
    let relayOff = true;
    const fetchAt: typeof fetch = async (url, init) => {
      asked.push(String(url));
      if (relayOff && String(url).startsWith('http://sync.test'))
        throw new TypeError('connection refused');
      return server.fetch(url, init);
    };
    let misses = 0;
    port.fallbackBase = async () => 'http://district.test';
    port.ownAddressMissed = async (missed) => (misses = missed ? misses + 1 : 0);
    port.outbox.push(outgoing('b', 20));
    const engine = createSyncEngine({ ...deps, fetch: fetchAt });
    // One miss is not enough: the first sync at the district would pull the whole scope.
    expect(await engine.syncNow()).toMatchObject({ kind: 'failed', error: 'network' });
    expect(asked).toEqual(['http://sync.test/api/sync']);
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(port.outbox).toEqual([]);
    expect(asked).toEqual([
      'http://sync.test/api/sync',
      'http://sync.test/api/sync',
      'http://district.test/api/sync',
    ]);
    expect(misses).toBe(2);
    asked.length = 0;
    relayOff = false;
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(asked).toEqual(['http://sync.test/api/sync']);
    expect(misses).toBe(0);
  });

  it('tells the light when its own address did not answer at all, and only then (Local Network Access)', async () => {
    const offline: { fire: (() => void) | null } = { fire: null };
    let online = true;
    const { server, deps } = rig({
      offlineEvents: (l) => ((offline.fire = l), () => (offline.fire = null)),
      isOnline: () => online,
    });
    let homeDown = true;
    const fetchAt: typeof fetch = async (url, init) => {
      if (homeDown) throw new TypeError('Failed to fetch');
      return server.fetch(url, init);
    };
    const engine = createSyncEngine({ ...deps, fetch: fetchAt });
    const status = () => engine.status.getSnapshot();
    expect(await engine.syncNow()).toMatchObject({ kind: 'failed', homeUnreachable: true });
    expect(status()).toMatchObject({ state: 'offline', error: 'network', homeUnreachable: true });
    homeDown = false;
    await engine.syncNow();
    expect(status().state).toBe('synced');
    expect(status().homeUnreachable).toBeUndefined();

    // The device without a network, or the browser saying it went offline: not the address.
    homeDown = true;
    await engine.syncNow();
    expect(status().homeUnreachable).toBe(true);
    online = false;
    await engine.syncNow();
    expect(status()).toMatchObject({ state: 'offline', error: 'network' });
    expect(status().homeUnreachable).toBeUndefined();
    online = true;
    await engine.syncNow();
    expect(status().homeUnreachable).toBe(true);
    engine.start();
    await until(() => offline.fire !== null);
    offline.fire?.();
    expect(status()).toMatchObject({ state: 'offline', error: 'network' });
    expect(status().homeUnreachable).toBeUndefined();
    engine.stop();
  });

  it('counts no miss when its address answered a page before the link dropped, and falls back when the count cannot be kept', async () => {
    const { port, server, deps } = rig();
    const asked: string[] = [];
    let relayOff = false;
    const fetchAt: typeof fetch = async (url, init) => {
      asked.push(String(url));
      if (relayOff && String(url).startsWith('http://sync.test'))
        throw new TypeError('connection refused');
      return server.fetch(url, init);
    };
    let misses = 1;
    port.fallbackBase = async () => 'http://district.test';
    port.ownAddressMissed = async (missed) => (misses = missed ? misses + 1 : 0);
    server.pageSize = 1;
    server.add('a', 10);
    server.add('b', 10);
    server.faults = ['none', 'networkDown'];
    const engine = createSyncEngine({ ...deps, fetch: fetchAt });
    // Page 1 came from home, page 2 was lost: home answered, so no fallback and no miss.
    expect(await engine.syncNow()).toMatchObject({ kind: 'failed', error: 'network' });
    expect(asked).toEqual(['http://sync.test/api/sync', 'http://sync.test/api/sync']);
    expect(misses).toBe(0);

    // Storage full: the count cannot be kept, and the sync goes to the fallback at once.
    port.ownAddressMissed = async () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    relayOff = true;
    asked.length = 0;
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(asked).toEqual(['http://sync.test/api/sync', 'http://district.test/api/sync']);
  });

  it('keeps the push channel at the fallback while the relay is off, and brings it home with the sync', async () => {
    const { port, server, deps, timers } = rig({ WebSocket: FakeSocket });
    let relayOff = true;
    const fetchAt: typeof fetch = async (url, init) => {
      if (relayOff && String(url).startsWith('http://sync.test'))
        throw new TypeError('connection refused');
      return server.fetch(url, init);
    };
    port.fallbackBase = async () => 'http://district.test';
    const engine = createSyncEngine({ ...deps, fetch: fetchAt });
    engine.start();
    const atRelay = FakeSocket.opened.at(-1)!;
    expect(atRelay.url).toBe('ws://sync.test/api/push');
    atRelay.drop();
    await until(() => timers.pendingDelays().length > 0);
    const before = FakeSocket.opened.length;
    timers.advance(Math.min(...timers.pendingDelays()));
    await until(() => FakeSocket.opened.length > before);
    const atDistrict = FakeSocket.opened.at(-1)!;
    expect(atDistrict.url).toBe('ws://district.test/api/push');
    atDistrict.open();

    relayOff = false;
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(atDistrict.closed).toBe(true);
    expect(FakeSocket.opened.at(-1)!.url).toBe('ws://sync.test/api/push');
    engine.stop();
  });

  it('does not sync without a session', async () => {
    const { server, deps } = rig({ getToken: () => null });
    expect(await createSyncEngine(deps).syncNow()).toMatchObject({ kind: 'signedOut' });
    expect(server.requests).toHaveLength(0);
  });

  it('retries after a 5xx', async () => {
    const { server, deps, timers } = rig();
    server.faults = ['http500'];
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().error === 'server');
    timers.advance(Math.max(...timers.pendingDelays()));
    await until(() => engine.status.getSnapshot().state === 'synced');
    engine.stop();
  });

  it('waits as long as a 429 Retry-After asks (longer than its own first backoff), then syncs', async () => {
    const { server, deps, timers } = rig();
    server.faults = ['http429'];
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().error === 'tooManyRequests');
    expect(timers.pendingDelays()).toEqual([90_000]);
    timers.advance(89_999);
    expect(server.requests).toHaveLength(0);
    timers.advance(1);
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(server.requests).toHaveLength(1);
    engine.stop();
  });

  it.each([
    [
      'an error frame says clientTooOld',
      { type: 'error', code: 'clientTooOld', detail: 'update' } as Frame,
      'clientTooOld',
    ],
    [
      'an error frame says serverTooOld',
      { type: 'error', code: 'serverTooOld', detail: 'wait' } as Frame,
      'serverTooOld',
    ],
  ] as const)('reports a version mismatch when %s', async (_, frame, code) => {
    const onVersionError = vi.fn();
    const { server, deps, timers } = rig({ onVersionError });
    server.override = () => frame;
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'versionMismatch');
    expect(engine.status.getSnapshot().error).toBe(code);
    expect(onVersionError).toHaveBeenCalledWith(code);
    expect(timers.pendingDelays()).toEqual([]);
    engine.stop();
  });

  it('treats a response from a newer protocol as this client being too old', async () => {
    const { server, deps } = rig();
    server.override = () =>
      encodeFrame({ type: 'announce', cursor: 1 }).map((b, i) =>
        i === 2 ? PROTOCOL_VERSION + 1 : b,
      );
    const outcome = await createSyncEngine(deps).syncNow();
    expect(outcome).toMatchObject({ kind: 'versionMismatch', code: 'clientTooOld' });
  });

  it('shows N pending when a change is refused at the network and kept', async () => {
    const { port, server, deps } = rig();
    port.outbox.push(outgoing('p', 3), outgoing('q', 3));
    server.faults = ['networkDown'];
    const engine = createSyncEngine(deps);
    await engine.syncNow();
    expect(engine.status.getSnapshot()).toMatchObject({ state: 'offline', pending: 2 });
  });
});

describe('local changes', () => {
  it('show as pending at once and sync when started', async () => {
    const { port, server, deps } = rig();
    const engine = createSyncEngine(deps);
    await engine.syncNow();
    port.outbox.push(outgoing('n', 2));
    engine.localChange();
    await until(() => engine.status.getSnapshot().state === 'pending');
    expect(engine.status.getSnapshot().pending).toBe(1);
    expect(server.requests).toHaveLength(1); // not started: no sync yet
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(port.outbox).toEqual([]);
    engine.stop();
  });

  it("brings all of an office relay's refusals made later in one run, and stops if they come back", async () => {
    const { port, server, deps } = rig();
    // A relay with five refusals for this tablet, two to a page, each until it is named taken.
    const waiting = [11, 12, 13, 14, 15];
    let taken: number[] = [];
    const heard: number[] = [];
    Object.assign(port, {
      async quarantineLater(id: number) {
        heard.push(id);
        if (!taken.includes(id)) taken.push(id);
      },
      takenLater: async () => taken,
      async forgetTaken(ids: readonly number[]) {
        taken = taken.filter((id) => !ids.includes(id));
      },
    });
    const relay = (req: Frame): Frame => {
      if (req.type !== 'syncRequest') throw new Error('not a sync request');
      const left = waiting.filter((id) => !(req.taken ?? []).includes(id));
      waiting.splice(0, waiting.length, ...left);
      return {
        type: 'syncResponse',
        protocol: PROTOCOL_VERSION,
        acks: [],
        refusals: left.slice(0, 2).map((id) => ({
          ref: 0,
          recordId: asRecordId('a'),
          reason: 'keyRevoked' as const,
          detail: 'revoked at the district',
          serverState: new Uint8Array([9]),
          entries: [],
          later: { id, change: new Uint8Array([id]) },
        })),
        updates: [],
        cursor: req.cursor,
        more: left.length > 2,
        serverTime: deps.now(),
        headSeq: 0,
      };
    };
    server.override = relay;
    expect(await createSyncEngine(deps).syncNow()).toMatchObject({ kind: 'synced', pages: 3 });
    expect(heard).toEqual([11, 12, 13, 14, 15]);
    expect(waiting).toEqual([15]);
    // A tablet that never names them taken hears the same page again: the run stops.
    waiting.splice(0, waiting.length, 21, 22, 23);
    Object.assign(port, { takenLater: async () => [] });
    expect(await createSyncEngine(deps).syncNow()).toMatchObject({
      kind: 'failed',
      error: 'server',
    });
    expect(server.requests).toHaveLength(5);
  });
});
