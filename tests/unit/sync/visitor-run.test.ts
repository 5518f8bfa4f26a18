import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { asDeviceId } from '@domain/ids.ts';
import type { Frame } from '@protocol/messages.ts';
import { createSyncEngine, type SyncEngineDeps } from '@sync/engine.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  FakeSocket,
  outgoing,
  type FakePort,
  until,
} from './fakes.ts';

/**
 * A person visiting another office with her tablet (decision 0017, amendment 2): her
 * tablet's address is answered by that office's relay, which refuses her session with
 * 401 `otherOffice` (the district told it she is a live session of another office). The
 * tablet syncs at the district's own address at once, is not signed out, and remembers
 * the relay: the next runs ask it without the outbox, so the outbox goes once, to the
 * district. Any other 401 is still "sign in again".
 */

const HOME = 'http://efile.test';
const DISTRICT = 'http://district.test';

const otherOffice401 = (detail = "another office's relay"): Response =>
  new Response(encodeFrame({ type: 'error', code: 'otherOffice', detail }), { status: 401 });

interface Visit {
  readonly port: FakePort & { away: number | null; keeps: (number | null)[] };
  readonly district: ReturnType<typeof createFakeServer>;
  /** Each request the own address got, with the bytes of outbox it carried. */
  readonly atHome: { outboxBytes: number }[];
  /** What the own address answers: the other office's relay, or the person's own. */
  answer: 'otherOffice' | 'plain401' | 'home' | 'odd401';
  readonly deps: SyncEngineDeps;
}

function visit(): Visit {
  const timers = createManualTimers();
  const district = createFakeServer(timers);
  const homeRelay = createFakeServer(timers);
  const port = Object.assign(createFakePort(), {
    away: null as number | null,
    keeps: [] as (number | null)[],
  });
  port.fallbackBase = async () => DISTRICT;
  port.otherOfficeRelay = async () => port.away;
  port.keepOtherOfficeRelay = async (at) => {
    port.keeps.push(at);
    port.away = at;
  };
  const v: Visit = {
    port,
    district,
    atHome: [],
    answer: 'otherOffice',
    deps: {
      port,
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      getToken: () => 'token',
      baseUrl: HOME,
      fetch: async (url, init) => {
        if (!String(url).startsWith(HOME)) return district.fetch(url, init);
        const frame = decodeFrame(new Uint8Array(init?.body as Uint8Array));
        const sent = frame.ok && frame.value.type === 'syncRequest' ? frame.value.updates : [];
        v.atHome.push({ outboxBytes: sent.reduce((n, u) => n + u.update.byteLength, 0) });
        if (v.answer === 'otherOffice') return otherOffice401();
        if (v.answer === 'plain401') return new Response('', { status: 401 });
        if (v.answer === 'odd401') return new Response('{"code":"otherOffice"}', { status: 401 });
        return homeRelay.fetch(url, init);
      },
      now: timers.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    },
  };
  return v;
}

const outboxAt = (server: ReturnType<typeof createFakeServer>): number =>
  server.requests.reduce(
    (n, r: Frame) =>
      n + (r.type === 'syncRequest' ? r.updates.reduce((m, u) => m + u.update.byteLength, 0) : 0),
    0,
  );

describe("a visitor's tablet at another office's relay", () => {
  it('syncs at the district at once, not signed out, says so, and sends the outbox there once', async () => {
    const v = visit();
    v.port.outbox.push(outgoing('a', 300));
    let signedOut = 0;
    const engine = createSyncEngine({ ...v.deps, onAuthError: () => signedOut++ });
    expect(await engine.syncNow()).toMatchObject({
      kind: 'synced',
      viaDistrict: 'otherOfficeRelay',
    });
    expect(signedOut).toBe(0);
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'synced',
      viaDistrict: 'otherOfficeRelay',
    });
    expect(v.port.outbox).toEqual([]);
    expect(outboxAt(v.district)).toBe(300);
    // The first meeting: the page went to the relay before it said whose it is.
    expect(v.atHome).toEqual([{ outboxBytes: 300 }]);
    expect(v.port.away).not.toBeNull();

    // Remembered (a new engine too, as after a reload): the relay is asked without the outbox.
    v.port.outbox.push(outgoing('b', 500));
    const next = createSyncEngine({ ...v.deps, onAuthError: () => signedOut++ });
    expect(await next.syncNow()).toMatchObject({
      kind: 'synced',
      viaDistrict: 'otherOfficeRelay',
    });
    expect(v.atHome.at(-1)).toEqual({ outboxBytes: 0 });
    expect(outboxAt(v.district)).toBe(800);
    expect(signedOut).toBe(0);
  });

  it('is back at its own relay, with the outbox, as soon as that answers the address', async () => {
    const v = visit();
    await createSyncEngine(v.deps).syncNow();
    expect(v.port.away).not.toBeNull();
    v.answer = 'home';
    v.port.outbox.push(outgoing('c', 200));
    const home = await createSyncEngine(v.deps).syncNow();
    expect(home).toMatchObject({ kind: 'synced' });
    expect(home).not.toHaveProperty('viaDistrict');
    // Asked without the outbox first, then with it: sent once, at home.
    expect(v.atHome.slice(1)).toEqual([{ outboxBytes: 0 }, { outboxBytes: 200 }]);
    expect(v.port.outbox).toEqual([]);
    expect(v.port.away).toBeNull();
  });

  it("still asks to sign in again for a plain 401 at its address, and for any 401 at the district's", async () => {
    const v = visit();
    v.answer = 'plain401';
    let signedOut = 0;
    expect(await createSyncEngine({ ...v.deps, onAuthError: () => signedOut++ }).syncNow()).toEqual(
      {
        kind: 'signedOut',
        detail: 'HTTP 401',
      },
    );
    expect(signedOut).toBe(1);
    expect(v.district.requests).toEqual([]);

    // The relay says "another office", the district then says 401: a real 401.
    v.answer = 'otherOffice';
    v.district.faults.push('http401');
    const engine = createSyncEngine({ ...v.deps, onAuthError: () => signedOut++ });
    expect(await engine.syncNow()).toMatchObject({ kind: 'signedOut' });
    expect(signedOut).toBe(2);
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'signedOut',
      error: 'unauthenticated',
    });
  });

  it("takes the district's own 401 `otherOffice` as any 401", async () => {
    const v = visit();
    v.answer = 'otherOffice';
    const engine = createSyncEngine({
      ...v.deps,
      fetch: async (url) =>
        String(url).startsWith(HOME)
          ? otherOffice401()
          : otherOffice401('a district saying it is a relay'),
    });
    expect(await engine.syncNow()).toMatchObject({ kind: 'signedOut' });
    expect(engine.status.getSnapshot().state).toBe('signedOut');
  });

  it("fails without signing out when it keeps no district's address, and keeps nothing for an odd 401", async () => {
    const v = visit();
    v.port.fallbackBase = async () => null;
    v.port.outbox.push(outgoing('d', 100));
    let signedOut = 0;
    const engine = createSyncEngine({ ...v.deps, onAuthError: () => signedOut++ });
    expect(await engine.syncNow()).toMatchObject({ kind: 'failed', error: 'otherOfficeRelay' });
    expect(signedOut).toBe(0);
    expect(v.port.outbox).toHaveLength(1);

    // A 401 whose body is no frame of the relay's: sign in again, nothing kept of it.
    const odd = visit();
    odd.answer = 'odd401';
    expect(await createSyncEngine(odd.deps).syncNow()).toMatchObject({ kind: 'signedOut' });
    expect(odd.port.keeps).toEqual([]);
    expect(odd.district.requests).toEqual([]);
  });

  it('brings an open push channel to the district with the sync, and home again', async () => {
    const v = visit();
    FakeSocket.opened = [];
    const engine = createSyncEngine({ ...v.deps, WebSocket: FakeSocket });
    engine.start();
    // The other office's relay opens the channel (a session it knows).
    const atRelay = FakeSocket.opened[0];
    expect(atRelay?.url.startsWith('ws://efile.test')).toBe(true);
    atRelay?.open();
    await until(() => FakeSocket.opened.length > 1);
    expect(FakeSocket.opened.at(-1)?.url.startsWith('ws://district.test')).toBe(true);
    expect(atRelay?.closed).toBe(true);
    // Back at its own office: the sync at its address brings the channel home.
    v.answer = 'home';
    FakeSocket.opened.at(-1)?.open();
    await engine.syncNow();
    await until(() => FakeSocket.opened.at(-1)?.url.startsWith('ws://efile.test') === true);
    engine.stop();
  });
});
