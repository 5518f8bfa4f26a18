import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { pushProtocols, pushTokenOf } from '@protocol/api.ts';
import { createPushChannel, pushUrl } from '@sync/push-channel.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  FakeSocket,
  until,
} from './fakes.ts';

describe('push channel', () => {
  it('builds a ws URL without the token, which travels as a subprotocol', () => {
    expect(pushUrl('https://x.test')).toBe('wss://x.test/api/push');
    expect(pushUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/api/push');
    expect(pushProtocols('tok')).toEqual(['patravali.push', 'bearer.tok']);
    expect(pushTokenOf('patravali.push, bearer.tok')).toBe('tok');
    expect(pushTokenOf('patravali.push')).toBeNull();
    expect(pushTokenOf(undefined)).toBeNull();
  });

  it('passes on announcements, ignores anything else, reconnects with backoff, and stops', () => {
    const timers = createManualTimers();
    const seen: number[] = [];
    let opens = 0;
    const directories: number[] = [];
    const channel = createPushChannel({
      baseUrl: 'http://s.test',
      WebSocket: FakeSocket,
      getToken: () => 'tok',
      random: () => 0,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      onAnnounce: (c) => seen.push(c),
      onDirectory: (version) => directories.push(version),
      onOpen: () => opens++,
    });
    channel.start();
    const first = FakeSocket.opened.at(-1)!;
    expect(first.url).toBe('ws://s.test/api/push');
    expect(first.protocols).toEqual(['patravali.push', 'bearer.tok']);
    expect(first.binaryType).toBe('arraybuffer');
    first.open();
    first.receive(encodeFrame({ type: 'announce', cursor: 42 }));
    first.receive(new Uint8Array([1, 2, 3]));
    first.receive(encodeFrame({ type: 'error', code: 'forbidden', detail: '' }));
    // A frame of a tag this build does not know (a newer server's): ignored.
    first.receive(new Uint8Array([0x50, 0x56, 2, 99, 1]));
    first.receive(encodeFrame({ type: 'directory', version: 3 }));
    first.receive(encodeFrame({ type: 'announce', cursor: 43 }));
    expect(seen).toEqual([42, 43]);
    expect(directories).toEqual([3]);
    expect(opens).toBe(1);

    first.drop();
    expect(timers.pendingDelays()).toEqual([500]);
    timers.advance(500);
    const second = FakeSocket.opened.at(-1)!;
    expect(second).not.toBe(first);
    second.drop(); // failed before opening: the next wait doubles
    expect(timers.pendingDelays()).toEqual([1000]);
    timers.advance(1000);
    const third = FakeSocket.opened.at(-1)!;
    third.open();
    expect(opens).toBe(2);

    channel.stop();
    expect(third.closed).toBe(true);
    third.onclose?.({});
    expect(timers.pendingDelays()).toEqual([]);
  });

  it('makes the engine pull when an announcement passes the local cursor', async () => {
    const timers = createManualTimers();
    const port = createFakePort();
    const server = createFakeServer(timers);
    const engine = createSyncEngine({
      port,
      deviceId: asDeviceId('d'),
      getToken: () => 't',
      baseUrl: 'http://s.test',
      fetch: server.fetch,
      WebSocket: FakeSocket,
      now: timers.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
    });
    engine.start();
    await until(() => engine.status.getSnapshot().state === 'synced');
    const socket = FakeSocket.opened.at(-1)!;
    const before = server.requests.length;

    socket.receive(encodeFrame({ type: 'announce', cursor: 0 })); // nothing new
    await until(() => server.inFlight === 0);
    expect(server.requests.length).toBe(before);

    server.add('news', 3);
    socket.receive(encodeFrame({ type: 'announce', cursor: 1 }));
    await until(() => port.cursorValue === 1);
    expect(port.applied.map((u) => u.recordId)).toEqual(['news']);
    engine.stop();
    expect(socket.closed).toBe(true);
  });

  it("opens at the district's own address when the relay's fails, and comes home on home()", async () => {
    const timers = createManualTimers();
    const seen: number[] = [];
    let fallback: string | null = 'https://district.test';
    const channel = createPushChannel({
      baseUrl: 'https://efile.test',
      WebSocket: FakeSocket,
      getToken: () => 'tok',
      random: () => 0,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      onAnnounce: (c) => seen.push(c),
      onOpen: () => undefined,
      fallbackBase: () => Promise.resolve(fallback),
    });
    channel.start();
    const atRelay = FakeSocket.opened.at(-1)!;
    expect(atRelay.url).toBe('wss://efile.test/api/push');
    atRelay.drop(); // the relay is off: never opened

    timers.advance(timers.pendingDelays()[0]!);
    await until(() => FakeSocket.opened.at(-1) !== atRelay);
    const atDistrict = FakeSocket.opened.at(-1)!;
    expect(atDistrict.url).toBe('wss://district.test/api/push');
    atDistrict.open();
    atDistrict.receive(encodeFrame({ type: 'announce', cursor: 7 }));
    expect(seen).toEqual([7]);
    // The relay answered a sync: the channel goes back to it. There, home() does nothing.
    channel.home();
    expect(atDistrict.closed).toBe(true);
    const home = FakeSocket.opened.at(-1)!;
    expect(home.url).toBe('wss://efile.test/api/push');
    home.open();
    channel.home();
    expect(home.closed).toBe(false);

    // The fallback failing too: the own address next, never the fallback twice in a row.
    home.drop();
    timers.advance(timers.pendingDelays()[0]!);
    await until(() => FakeSocket.opened.at(-1) !== home);
    const second = FakeSocket.opened.at(-1)!;
    expect(second.url).toBe('wss://efile.test/api/push');
    second.drop();
    timers.advance(timers.pendingDelays()[0]!);
    await until(() => FakeSocket.opened.at(-1) !== second);
    const third = FakeSocket.opened.at(-1)!;
    expect(third.url).toBe('wss://district.test/api/push');
    third.drop();
    timers.advance(timers.pendingDelays()[0]!);
    await until(() => FakeSocket.opened.at(-1) !== third);
    expect(FakeSocket.opened.at(-1)!.url).toBe('wss://efile.test/api/push');

    // Without a fallback (a relay that names none) every connection is at the own address.
    fallback = null;
    const fourth = FakeSocket.opened.at(-1)!;
    fourth.drop();
    timers.advance(timers.pendingDelays()[0]!);
    await until(() => FakeSocket.opened.at(-1) !== fourth);
    expect(FakeSocket.opened.at(-1)!.url).toBe('wss://efile.test/api/push');
    channel.stop();
  });
  it('does not flap when the relay answers syncs but not the push channel', async () => {
    // A relay whose HTTP works but whose WebSocket does not (a LAN proxy without
    // upgrades, its per-person limit): every open at the fallback makes the engine
    // sync, the sync succeeds at the relay and calls home(). Going home on each
    // one would close the fallback and sync again about every second, forever.
    const timers = createManualTimers();
    const channel = createPushChannel({
      baseUrl: 'https://efile.test',
      WebSocket: FakeSocket,
      getToken: () => 'tok',
      random: () => 0,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      onAnnounce: () => undefined,
      onOpen: () => undefined,
      fallbackBase: () => Promise.resolve('https://district.test'),
    });
    const next = async (after: FakeSocket): Promise<FakeSocket> => {
      timers.advance(Math.min(...timers.pendingDelays()));
      await until(() => FakeSocket.opened.at(-1) !== after);
      return FakeSocket.opened.at(-1)!;
    };
    channel.start();
    const atRelay = FakeSocket.opened.at(-1)!;
    atRelay.drop();
    const atDistrict = await next(atRelay);
    expect(atDistrict.url).toBe('wss://district.test/api/push');
    atDistrict.open();

    channel.home();
    const home = FakeSocket.opened.at(-1)!;
    expect(home.url).toBe('wss://efile.test/api/push');
    home.drop(); // the relay's push refused
    const again = await next(home);
    expect(again.url).toBe('wss://district.test/api/push');
    again.open();
    // The sync this open starts succeeds at the relay: the channel stays where it works.
    const opened = FakeSocket.opened.length;
    channel.home();
    expect(again.closed).toBe(false);
    expect(FakeSocket.opened.length).toBe(opened);

    // Later it tries home again, and once the relay's channel opens it stays there.
    timers.advance(60_000);
    channel.home();
    expect(again.closed).toBe(true);
    const back = FakeSocket.opened.at(-1)!;
    expect(back.url).toBe('wss://efile.test/api/push');
    back.open();
    expect(timers.pendingDelays()).toEqual([]);
    channel.stop();
  });
});
