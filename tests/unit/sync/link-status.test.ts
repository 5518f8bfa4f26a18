// The sync light tells the truth (issue 12): Offline as soon as the device goes
// offline or the push channel's heartbeat stops, and Synced again only after an
// exchange with the server succeeded — never on a reconnect alone.
import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { createSyncEngine, type SyncEngineDeps } from '@sync/engine.ts';
import { CONNECT_TIMEOUT_MS, createPushChannel } from '@sync/push-channel.ts';
import type { SyncState } from '@sync/status.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  FakeSocket,
  until,
} from './fakes.ts';

const heartbeat = (intervalMs: number) => encodeFrame({ type: 'heartbeat', intervalMs });

function channelRig() {
  const timers = createManualTimers();
  const events: string[] = [];
  const channel = createPushChannel({
    baseUrl: 'http://s.test',
    WebSocket: FakeSocket,
    getToken: () => 'tok',
    random: () => 0,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    onAnnounce: (c) => events.push(`announce ${c}`),
    onOpen: () => events.push('open'),
    onLinkLost: () => events.push('lost'),
  });
  return { timers, events, channel };
}

describe('push channel heartbeat', () => {
  it('calls the link lost after 2.5 silent intervals, abandons the socket and reconnects', () => {
    const { timers, events, channel } = channelRig();
    channel.start();
    const socket = FakeSocket.opened.at(-1)!;
    socket.open();
    socket.receive(heartbeat(10_000));
    timers.advance(20_000);
    socket.receive(encodeFrame({ type: 'announce', cursor: 3 })); // any frame shows the link works
    timers.advance(24_999);
    expect(events).toEqual(['open', 'announce 3']);
    timers.advance(1);
    expect(events).toEqual(['open', 'announce 3', 'lost']);
    expect(socket.closed).toBe(true);
    // Not waiting for a close that may never come: a new socket follows the backoff.
    timers.advance(500);
    const next = FakeSocket.opened.at(-1)!;
    expect(next).not.toBe(socket);
    next.open();
    expect(events.at(-1)).toBe('open');
    // The abandoned socket's late events change nothing.
    socket.onclose?.({});
    expect(timers.pendingDelays()).toEqual([]);
    channel.stop();
  });

  it('never judges a server that does not beat (older builds)', () => {
    const { timers, events, channel } = channelRig();
    channel.start();
    const socket = FakeSocket.opened.at(-1)!;
    socket.open();
    socket.receive(encodeFrame({ type: 'announce', cursor: 1 }));
    timers.advance(10 * 60_000);
    expect(events).toEqual(['open', 'announce 1']);
    expect(socket.closed).toBe(false);
    channel.stop();
  });

  it('gives up a connection that does not open in time, and connects at once when kicked', () => {
    const { timers, events, channel } = channelRig();
    channel.start();
    const hanging = FakeSocket.opened.at(-1)!;
    timers.advance(CONNECT_TIMEOUT_MS);
    expect(hanging.closed).toBe(true);
    expect(events).toEqual([]);
    expect(timers.pendingDelays()).toEqual([500]);
    channel.kick(); // the browser says the network is back: no waiting out the backoff
    const fresh = FakeSocket.opened.at(-1)!;
    expect(fresh).not.toBe(hanging);
    expect(timers.pendingDelays()).toEqual([CONNECT_TIMEOUT_MS]);
    fresh.open();
    expect(events).toEqual(['open']);
    channel.stop();
  });
});

/** A fetch that hangs (a dead link) until aborted, or answers through `server` once released. */
function holdableFetch(server: ReturnType<typeof createFakeServer>) {
  const held = { on: false, calls: 0, aborted: 0 };
  const fetch: typeof globalThis.fetch = (input, init) => {
    held.calls++;
    if (!held.on) return server.fetch(input, init);
    return new Promise<Response>((_resolve, reject) => {
      const fail = () => {
        held.aborted++;
        reject(new DOMException('aborted', 'AbortError'));
      };
      if (init?.signal?.aborted) fail();
      else init?.signal?.addEventListener('abort', fail);
    });
  };
  return { held, fetch };
}

function engineRig() {
  const timers = createManualTimers();
  const server = createFakeServer(timers);
  const { held, fetch } = holdableFetch(server);
  const hooks: { online: (() => void) | null; offline: (() => void) | null } = {
    online: null,
    offline: null,
  };
  const network = { up: true };
  const deps: SyncEngineDeps = {
    port: createFakePort(),
    deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
    getToken: () => 'token',
    baseUrl: 'http://sync.test',
    fetch,
    WebSocket: FakeSocket,
    now: timers.now,
    random: () => 0.5,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    onlineEvents: (l) => ((hooks.online = l), () => (hooks.online = null)),
    offlineEvents: (l) => ((hooks.offline = l), () => (hooks.offline = null)),
    isOnline: () => network.up,
  };
  const engine = createSyncEngine(deps);
  const states: SyncState[] = [];
  engine.status.subscribe(() => states.push(engine.status.getSnapshot().state));
  const state = () => engine.status.getSnapshot().state;
  return { timers, server, held, hooks, network, engine, states, state };
}

describe('sync status and the link', () => {
  it('says Offline the moment the device goes offline, sends nothing meanwhile, and is Synced only after an exchange', async () => {
    const { server, held, hooks, network, engine, states, state, timers } = engineRig();
    engine.start();
    await until(() => state() === 'synced');
    const socket = FakeSocket.opened.at(-1)!;
    socket.open();
    await until(() => server.inFlight === 0);

    // A sync in flight when the network goes: it is abandoned, and the light turns at once.
    held.on = true;
    const first = held.calls;
    void engine.syncNow();
    await until(() => held.calls > first && state() === 'syncing');
    network.up = false;
    hooks.offline?.();
    expect(state()).toBe('offline');
    await until(() => held.aborted === 1);

    // Retries while the device is offline send nothing and never flash Syncing.
    const calls = held.calls;
    states.length = 0;
    timers.advance(10 * 60_000);
    await until(() => server.inFlight === 0);
    expect(held.calls).toBe(calls);
    expect(states.filter((s) => s !== 'offline')).toEqual([]);

    // Back online: a sync starts at once, but the light waits for the server's answer.
    held.on = false;
    let answer: () => void = () => undefined;
    server.gate = new Promise<void>((resolve) => (answer = resolve));
    network.up = true;
    hooks.online?.();
    await until(() => server.inFlight === 1);
    expect(state()).toBe('offline');
    answer();
    await until(() => state() === 'synced');
    expect(states).toContain('syncing');
    engine.stop();
  });

  it('turns Offline when the heartbeat stops, and back only once the server answers again', async () => {
    const { server, held, engine, state, timers } = engineRig();
    engine.start();
    await until(() => state() === 'synced');
    const socket = FakeSocket.opened.at(-1)!;
    socket.open();
    socket.receive(heartbeat(10_000));
    await until(() => server.inFlight === 0);

    held.on = true; // the link dies silently: requests hang, no socket closes
    const first = held.calls;
    void engine.syncNow();
    await until(() => held.calls > first);
    timers.advance(25_000);
    expect(state()).toBe('offline');
    await until(() => held.aborted === 1);

    // The channel reconnects (the link is back); a sync that started on the dead link
    // is dropped and a new one decides the light.
    timers.advance(60_000);
    const again = FakeSocket.opened.at(-1)!;
    expect(again).not.toBe(socket);
    const before = held.aborted;
    again.open();
    expect(state()).toBe('offline');
    expect(held.aborted).toBeGreaterThanOrEqual(before);
    held.on = false;
    await until(() => state() === 'synced');
    engine.stop();
  });

  it('makes one exchange on a reconnect, and another only when the announced head is past it', async () => {
    const { server, held, engine, state } = engineRig();
    server.add('r1', 10);
    let answer: () => void = () => undefined;
    server.gate = new Promise<void>((resolve) => (answer = resolve));
    engine.start();
    await until(() => server.inFlight === 1);
    // The channel opens while that exchange is in flight, and the server announces its head.
    const socket = FakeSocket.opened.at(-1)!;
    socket.open();
    socket.receive(encodeFrame({ type: 'announce', cursor: 1 }));
    server.gate = null;
    answer();
    await until(() => state() === 'synced');
    // Every promise here is a fake's: a few turns of the event loop run them all out.
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    expect(held.calls).toBe(1);

    // Something new on the server: its announcement brings exactly one more exchange.
    server.add('r2', 10);
    socket.receive(encodeFrame({ type: 'announce', cursor: 2 }));
    await until(() => held.calls === 2);
    await until(() => state() === 'synced');
    engine.stop();
  });
});
