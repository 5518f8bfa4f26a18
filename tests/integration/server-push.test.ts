import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pushProtocols } from '@protocol/api.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, sync } from './server-sync-client.ts';
import { PushSocket, refusal } from './push-socket.ts';

describe('push channel', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const pushUrl = () => `${server.url.replace('http', 'ws')}/api/push`;
  const open = (token: string): Promise<PushSocket> =>
    PushSocket.open(new WebSocket(pushUrl(), pushProtocols(token)));

  it('refuses a socket without a valid token', async () => {
    expect(await refusal(new WebSocket(pushUrl(), pushProtocols('x'.repeat(43))))).toBe(401);
    expect(await refusal(new WebSocket(pushUrl(), ['patravali.push']))).toBe(401);
    expect(await refusal(new WebSocket(`${pushUrl()}?token=${'x'.repeat(43)}`))).toBe(401);
  });

  it('takes the token as a subprotocol and answers with the push subprotocol', async () => {
    const clerk = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(11));
    const sock = await open(clerk.body.token);
    expect(sock.ws.protocol).toBe('patravali.push');
    sock.ws.close();
    // Not in the URL, where proxies and access logs keep it.
    expect(await refusal(new WebSocket(`${pushUrl()}?token=${clerk.body.token}`))).toBe(401);
  });

  it('announces new data to devices in scope only, never to the pushing device', async () => {
    const clerk = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1));
    const tehsildar = await signIn(server.url, 'tehsildar.vikasnagar', deviceUuid(2));
    const chakrata = await signIn(server.url, 'clerk.chakrata', deviceUuid(3));
    const chakrataTehsildar = await signIn(server.url, 'tehsildar.chakrata', deviceUuid(5));
    const socks = {
      clerk: await open(clerk.body.token),
      tehsildar: await open(tehsildar.body.token),
      chakrata: await open(chakrataTehsildar.body.token),
    };
    for (const s of Object.values(socks))
      expect(await s.next()).toEqual({ type: 'announce', cursor: 0 });

    const vkn = newFile('clerk.vikasnagar', 'vikasnagar');
    const r1 = await sync(server.url, clerk.body.token, deviceUuid(1), 0, [
      { ref: 1, recordId: vkn.id, update: vkn.update },
    ]);
    expect(await socks.tehsildar.next()).toEqual({ type: 'announce', cursor: r1.response.headSeq });

    // Chakrata's next announcement is for its own office's record: it never heard of the Vikasnagar one.
    const ckt = newFile('clerk.chakrata', 'chakrata');
    const r2 = await sync(server.url, chakrata.body.token, deviceUuid(3), 0, [
      { ref: 1, recordId: ckt.id, update: ckt.update },
    ]);
    expect(await socks.chakrata.next()).toEqual({ type: 'announce', cursor: r2.response.cursor });

    // The clerk's own push is not echoed; its next frame is the next Vikasnagar commit by someone else.
    const vkn2 = newFile('tehsildar.vikasnagar', 'vikasnagar');
    const r3 = await sync(server.url, tehsildar.body.token, deviceUuid(2), 0, [
      { ref: 1, recordId: vkn2.id, update: vkn2.update },
    ]);
    expect(await socks.clerk.next()).toEqual({ type: 'announce', cursor: r3.response.cursor });
    for (const s of Object.values(socks)) s.ws.close();
  });

  it('relays a refused push to no one, and the accepted push after it to devices in scope', async () => {
    const clerk = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(6));
    const tehsildar = await signIn(server.url, 'tehsildar.vikasnagar', deviceUuid(7));
    const sock = await open(tehsildar.body.token);
    const hello = await sock.next();
    expect(hello.type).toBe('announce');

    const refusedFile = newFile('clerk.vikasnagar', 'vikasnagar');
    const refused = await sync(server.url, clerk.body.token, deviceUuid(6), 0, [
      { ref: 1, recordId: refusedFile.id, update: Uint8Array.of(255, 1, 2, 3) },
    ]);
    expect(refused.response.refusals.map((r) => r.reason)).toEqual(['updateMalformed']);
    expect(refused.response.acks).toEqual([]);

    // Had the refusal been announced, that frame would come first and carry the old head.
    const good = newFile('clerk.vikasnagar', 'vikasnagar');
    const accepted = await sync(server.url, clerk.body.token, deviceUuid(6), 0, [
      { ref: 2, recordId: good.id, update: good.update },
    ]);
    expect(accepted.response.acks).toEqual([2]);
    expect(accepted.response.headSeq).toBeGreaterThan(refused.response.headSeq);
    expect(await sock.next()).toEqual({ type: 'announce', cursor: accepted.response.headSeq });
    sock.ws.close();
  });

  it('closes the socket of a session that signs out', async () => {
    const naib = await signIn(server.url, 'naib.vikasnagar', deviceUuid(4));
    const sock = await open(naib.body.token);
    await sock.next();
    await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${naib.body.token}` },
    });
    expect(await sock.closed()).toBe(4401);
  });
});
