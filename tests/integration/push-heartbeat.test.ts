// The push channel's heartbeat against a real server, over a loopback proxy whose
// link can die silently (no socket closes): the server drops a device that stopped
// answering its pings, and the device's channel (the real client code, on the `ws`
// package) calls its link lost, then reconnects once the link returns. The server
// beats every 200 ms here instead of 10 s; the rules are the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pushProtocols } from '@protocol/api.ts';
import { decodeFrame } from '@protocol/codec.ts';
import { createPushChannel } from '@sync/push-channel.ts';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { startStallingProxy, type StallingProxy } from './stalling-proxy.ts';

const BEAT_MS = 200;

describe('push channel heartbeat over a link that dies silently', () => {
  let server: TestServer;
  let proxy: StallingProxy;
  let token = '';

  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_PUSH_HEARTBEAT_MS: String(BEAT_MS) });
    proxy = await startStallingProxy(server.url);
    token = (await signIn(server.url, 'clerk.vikasnagar', deviceUuid(0xb1))).body.token;
  });

  afterAll(async () => {
    await proxy.close();
    await server.stop();
  });

  it('beats at once and then every interval to a device whose link works', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/push`, pushProtocols(token));
    const beats: number[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const frame = decodeFrame(new Uint8Array(data));
        if (frame.ok && frame.value.type === 'heartbeat') beats.push(frame.value.intervalMs);
        if (beats.length === 4) resolve();
      });
    });
    // Still open after several beats: it answered every ping (ws pongs by itself).
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(beats).toEqual([BEAT_MS, BEAT_MS, BEAT_MS, BEAT_MS]);
    ws.close();
  });

  it('drops a device that stopped answering, and the device calls its link lost', async () => {
    const events: string[] = [];
    let lost: () => void = () => undefined;
    const linkLost = new Promise<void>((resolve) => (lost = resolve));
    let opened: () => void = () => undefined;
    let open = new Promise<void>((resolve) => (opened = resolve));
    const channel = createPushChannel({
      baseUrl: proxy.origin,
      WebSocket,
      getToken: () => token,
      random: () => 0,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      onAnnounce: () => events.push('announce'),
      onOpen: () => {
        events.push('open');
        opened();
      },
      onLinkLost: () => {
        events.push('lost');
        lost();
      },
    });
    channel.start();
    await open;
    open = new Promise<void>((resolve) => (opened = resolve));

    // Nothing crosses now, and no socket closes: only the heartbeat can tell.
    proxy.stall();
    await Promise.all([linkLost, proxy.serverHungUp()]);
    expect(events.filter((e) => e === 'lost')).toHaveLength(1);

    proxy.resume();
    await open; // the link is back: the channel connected again by itself
    expect(events.filter((e) => e === 'open')).toHaveLength(2);
    channel.stop();
  });
});
