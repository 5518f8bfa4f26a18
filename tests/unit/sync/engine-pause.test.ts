import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { createSyncEngine, type SyncEngineDeps } from '@sync/engine.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  FakeSocket,
  outgoing,
  until,
} from './fakes.ts';

function rig() {
  FakeSocket.opened = [];
  const timers = createManualTimers();
  const port = createFakePort();
  const server = createFakeServer(timers);
  const online: { listener: (() => void) | null } = { listener: null };
  const deps: SyncEngineDeps = {
    port,
    deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
    getToken: () => 'token',
    baseUrl: 'http://sync.test',
    fetch: server.fetch,
    WebSocket: FakeSocket,
    now: timers.now,
    random: () => 0.5,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    onlineEvents: (l) => ((online.listener = l), () => (online.listener = null)),
  };
  return { timers, port, server, deps, online };
}

describe('sync engine: practice offline (pause / resume)', () => {
  it('pause closes the push channel, cancels timers and stops every exchange; resume reconciles', async () => {
    const { timers, port, server, deps, online } = rig();
    const engine = createSyncEngine(deps);
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(FakeSocket.opened).toHaveLength(1);

    engine.pause();
    expect(engine.isPaused()).toBe(true);
    expect(FakeSocket.opened[0]?.closed).toBe(true);
    expect(timers.pendingDelays()).toEqual([]);
    expect(online.listener).toBeNull();
    expect(engine.status.getSnapshot().state).toBe('offline');

    // Work continues on the device; nothing reaches the server while paused.
    const before = server.requests.length;
    port.outbox.push(outgoing('offline-work', 5));
    engine.localChange();
    const outcome = await engine.syncNow();
    expect(outcome).toMatchObject({ kind: 'failed', error: 'network' });
    await until(() => engine.status.getSnapshot().pending === 1);
    expect(server.requests.length).toBe(before);
    expect(engine.status.getSnapshot().state).toBe('offline');
    expect(FakeSocket.opened).toHaveLength(1);

    engine.resume();
    expect(FakeSocket.opened).toHaveLength(2);
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(port.outbox).toEqual([]);
    expect(server.log.map((u) => u.recordId)).toContain('offline-work');
    engine.stop();
  });

  it('started while paused opens nothing until resumed', async () => {
    const { server, deps } = rig();
    const engine = createSyncEngine(deps);
    engine.pause();
    engine.start();
    expect(FakeSocket.opened).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
    engine.resume();
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(server.requests.length).toBeGreaterThan(0);
    engine.stop();
  });

  it('a sync in flight when paused does not end as Synced', async () => {
    const { server, deps } = rig();
    let release: () => void = () => undefined;
    server.gate = new Promise<void>((r) => (release = r));
    const engine = createSyncEngine(deps);
    const run = engine.syncNow();
    await until(() => server.inFlight === 1);
    engine.pause();
    release();
    await run;
    expect(engine.status.getSnapshot().state).toBe('offline');
  });
});
