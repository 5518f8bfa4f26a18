import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { createFakePort, createFakeServer, createManualTimers, outgoing, until } from './fakes.ts';

/**
 * The engine watches its port's outbox itself (issue 13: the watch left main.tsx),
 * from start to stop, so a person's change is pushed at once without the app
 * wiring a watcher around it.
 */
describe('sync engine: local changes', () => {
  function rig() {
    const timers = createManualTimers();
    const server = createFakeServer(timers);
    const watchers = new Set<() => void>();
    // Assigned, not spread: the fake's methods update the object they were made with.
    const port = Object.assign(createFakePort(), {
      watchLocalChanges: (onChange: () => void) => {
        watchers.add(onChange);
        return () => void watchers.delete(onChange);
      },
    });
    const engine = createSyncEngine({
      port,
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      getToken: () => 'token',
      baseUrl: 'http://sync.test',
      fetch: server.fetch,
      now: timers.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });
    return { engine, port, server, watchers };
  }

  it('pushes a change the port reports while started, and stops watching when stopped', async () => {
    const { engine, port, server, watchers } = rig();
    expect(watchers.size).toBe(0);
    engine.start();
    expect(watchers.size).toBe(1);
    await until(() => engine.status.getSnapshot().state === 'synced');
    const before = server.requests.length;
    port.outbox.push(outgoing('new-noting', 5));
    for (const w of watchers) w();
    await until(() => port.outbox.length === 0);
    expect(server.requests.length).toBeGreaterThan(before);
    engine.stop();
    expect(watchers.size).toBe(0);
  });

  it('keeps the pending count while paused, without reaching the server', async () => {
    const { engine, port, server, watchers } = rig();
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'synced');
    engine.pause();
    const before = server.requests.length;
    port.outbox.push(outgoing('offline-work', 5));
    for (const w of watchers) w();
    await until(() => engine.status.getSnapshot().pending === 1);
    expect(server.requests.length).toBe(before);
    engine.stop();
  });
});
