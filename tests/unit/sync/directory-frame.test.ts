import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '@protocol/codec.ts';
import { DIRECTORY_SPREAD_MS } from '@sync/directory-frame.ts';
import { createSyncEngine, type SyncEngine } from '@sync/engine.ts';
import { directory as v1 } from '../storage/helpers.ts';
import { rig, signedIn, spreadEnds, until, type Rig } from './directory-rig.ts';
import { FakeSocket } from './fakes.ts';

/**
 * An office relay's `directory` frame (src/sync/directory-frame.ts): a sync and the
 * directory's request, a random moment later, for a version the tablet lacks; nothing
 * for one it holds.
 */

/** The engine started on its push channel, its first sync and directory request ended. */
async function started(
  r: Rig,
): Promise<{ engine: SyncEngine; socket: FakeSocket; requests: number }> {
  const engine = createSyncEngine({ ...r.deps, WebSocket: FakeSocket });
  engine.start();
  const socket = FakeSocket.opened.at(-1)!;
  socket.open();
  await until(() => r.fetched.length === 1 && engine.status.getSnapshot().state === 'synced');
  return { engine, socket, requests: r.server.requests.length };
}

/** The held versions the frames made the engine read, read, and what it did on them run. */
async function versionsRead(r: Rig, frames: number): Promise<void> {
  await until(() => r.versionReads.length === frames);
  await Promise.all(r.versionReads);
  await new Promise<void>((resolve) => setImmediate(resolve));
}

const v2 = { directory: { ...v1, version: 2 }, tag: '"v2"' };

/** Started, a frame of version 2 (which the relay answers) come, and its wait pending. */
async function waiting(r: Rig): Promise<{ engine: SyncEngine; requests: number }> {
  const { engine, socket, requests } = await started(r);
  r.answers.push(v2);
  socket.receive(encodeFrame({ type: 'directory', version: 2 }));
  await until(() => r.timers.pendingDelays().includes(DIRECTORY_SPREAD_MS / 2));
  return { engine, requests };
}

/** Stopped, the frame's version kept after one sync and one directory request. */
function keptAfterOneSync(r: Rig, engine: SyncEngine, requests: number): void {
  engine.stop();
  expect(r.server.requests.length).toBe(requests + 1);
  expect(r.fetched.at(-1)).toEqual({ kind: 'kept', version: 2 });
}

describe('a directory frame', () => {
  // The tablet holds version 1, its sign-in's.
  const db = signedIn('directory-frame', v1);

  it('of the version held or an older one starts no sync and no request', async () => {
    const r = rig(db());
    const { engine, socket, requests } = await started(r);
    socket.receive(encodeFrame({ type: 'directory', version: 1 }));
    socket.receive(encodeFrame({ type: 'directory', version: 0 }));
    await versionsRead(r, 2);
    expect(r.timers.pendingDelays()).not.toContain(DIRECTORY_SPREAD_MS / 2);
    expect(r.server.requests.length).toBe(requests);
    expect(r.asked).toHaveLength(1);
    // A version it lacks: a sync, and the directory asked for after it.
    r.answers.push(v2);
    socket.receive(encodeFrame({ type: 'directory', version: 2 }));
    await spreadEnds(r);
    await until(() => r.fetched.length === 2);
    expect(r.fetched.at(-1)).toEqual({ kind: 'kept', version: 2 });
    expect(r.server.requests.length).toBe(requests + 1);
    // The same frame again (a reconnect, another run of the relay): it is held now.
    socket.receive(encodeFrame({ type: 'directory', version: 2 }));
    await versionsRead(r, 4);
    expect(r.timers.pendingDelays()).not.toContain(DIRECTORY_SPREAD_MS / 2);
    engine.stop();
    expect(r.server.requests.length).toBe(requests + 1);
    expect(r.asked).toHaveLength(2);
  });

  it('is asked for when the held version cannot be read', async () => {
    const r = rig(db());
    Object.assign(r.deps.port, {
      directoryVersion: () => Promise.reject(new Error('database closed')),
    });
    const { engine, socket, requests } = await started(r);
    socket.receive(encodeFrame({ type: 'directory', version: 1 }));
    await spreadEnds(r);
    await until(() => r.fetched.length === 2);
    engine.stop();
    expect(r.server.requests.length).toBe(requests + 1);
    expect(r.asked).toHaveLength(2);
  });

  it('starts its sync a random part of DIRECTORY_SPREAD_MS later, not at once; frames meanwhile share it', async () => {
    const r = rig(db());
    const { engine, socket, requests } = await started(r);
    r.answers.push(v2);
    socket.receive(encodeFrame({ type: 'directory', version: 2 }));
    socket.receive(encodeFrame({ type: 'directory', version: 3 }));
    await versionsRead(r, 2);
    // The rig's random is 0.5: one wait, of half the spread.
    const periodic = 5 * 60_000;
    expect(r.timers.pendingDelays().sort((a, b) => a - b)).toEqual([
      DIRECTORY_SPREAD_MS / 2,
      periodic,
    ]);
    r.timers.advance(DIRECTORY_SPREAD_MS / 2 - 1);
    expect(engine.status.getSnapshot().state).toBe('synced');
    r.timers.advance(1);
    expect(engine.status.getSnapshot().state).toBe('syncing');
    await until(() => r.fetched.length === 2);
    engine.stop();
    expect(r.server.requests.length).toBe(requests + 1);
    expect(r.fetched.at(-1)).toEqual({ kind: 'kept', version: 2 });
  });

  it('makes no second sync when one during its wait asked for the directory', async () => {
    const r = rig(db());
    const { engine, requests } = await waiting(r);
    // A local change's sync, say: the directory, made due by the frame, is asked after it.
    await engine.syncNow();
    await until(() => r.fetched.length === 2);
    r.timers.advance(DIRECTORY_SPREAD_MS / 2);
    expect(engine.status.getSnapshot().state).toBe('synced');
    keptAfterOneSync(r, engine, requests);
  });

  it('makes no second sync when its wait ends during a sync that then asks for the directory', async () => {
    const r = rig(db());
    const { engine, requests } = await waiting(r);
    // A local change's sync, held at the relay while the wait ends.
    let release = (): void => undefined;
    r.server.gate = new Promise<void>((resolve) => (release = resolve));
    const running = engine.syncNow();
    await until(() => r.server.inFlight === 1);
    r.timers.advance(DIRECTORY_SPREAD_MS / 2);
    r.server.gate = null;
    release();
    await running;
    await until(() => r.fetched.length === 2);
    // Anything the wait's end started has run by the time the request has ended.
    await until(() => engine.status.getSnapshot().state === 'synced');
    keptAfterOneSync(r, engine, requests);
  });

  it('stop() and pause() end the wait before its sync', async () => {
    for (const end of ['stop', 'pause'] as const) {
      const r = rig(db());
      const { engine, socket, requests } = await started(r);
      socket.receive(encodeFrame({ type: 'directory', version: 2 }));
      await until(() => r.timers.pendingDelays().includes(DIRECTORY_SPREAD_MS / 2));
      engine[end]();
      expect(r.timers.pendingDelays()).not.toContain(DIRECTORY_SPREAD_MS / 2);
      r.timers.advance(DIRECTORY_SPREAD_MS);
      expect(r.server.requests.length).toBe(requests);
      expect(r.asked).toHaveLength(1);
      engine.stop();
    }
  });
});
