import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { asDeviceId } from '@domain/ids.ts';
import { pushProtocols } from '@protocol/api.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { PushSocket, refusal } from './push-socket.ts';
import { newFile, pullAll, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 7, against a real server: the push channel's edges (origin,
 * socket cap, revoke from the admin command), slow request bodies and the
 * headers of HTML pages.
 */

describe('edges of the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      // Small so the test waits for conditions, not for a production-sized clock.
      PATRAVALI_BODY_TIMEOUT_MS: '1000',
      PATRAVALI_PUSH_RECHECK_MS: '20',
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  const pushUrl = () => `${server.url.replace('http', 'ws')}/api/push`;
  const open = (token: string, origin?: string): Promise<PushSocket> =>
    PushSocket.open(new WebSocket(pushUrl(), pushProtocols(token), { origin }));

  it('refuses a push socket opened by a page of another origin', async () => {
    const { body } = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1));
    const evil = new WebSocket(pushUrl(), pushProtocols(body.token), {
      origin: 'https://evil.example',
    });
    expect(await refusal(evil)).toBe(403);
    const own = await open(body.token, server.url);
    expect(await own.next()).toMatchObject({ type: 'announce' });
    own.ws.close();
  });

  it("caps one person's sockets: the ninth closes their oldest, others keep theirs", async () => {
    const { body } = await signIn(server.url, 'naib.vikasnagar', deviceUuid(2));
    const other = await signIn(server.url, 'tehsildar.vikasnagar', deviceUuid(3));
    const theirs = await open(other.body.token);
    const socks: PushSocket[] = [];
    for (let i = 0; i < 9; i++) socks.push(await open(body.token));
    expect(await socks[0]?.closed()).toBe(4429);
    for (const s of socks.slice(1)) expect(s.closedWith).toBeNull();
    expect(theirs.closedWith).toBeNull();
    for (const s of [...socks, theirs]) s.ws.close();
  });

  it('closes the push socket of a session revoked by the admin command', async () => {
    const { body } = await signIn(server.url, 'kanungo.vikasnagar', deviceUuid(4));
    const sock = await open(body.token);
    await sock.next();
    const storage = openSqliteStorage(server.config.dataDir);
    try {
      const code = await runAdmin(['revoke', 'kanungo.vikasnagar'], {
        storage,
        now: () => server.clock.now,
        randomBytes: (n) => new Uint8Array(n),
        scryptLogN: 10,
        out: () => undefined,
        readSecret: async () => '',
      });
      expect(code).toBe(0);
    } finally {
      await storage.close();
    }
    expect(await sock.closed()).toBe(4401);
  });

  it('answers a body that trickles in with 408 and closes it, serving others', async () => {
    const clerk = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(5));
    const dm = await signIn(server.url, 'dm.dehradun', deviceUuid(6));
    const before = await pullAll(server.url, dm.body.token, deviceUuid(6));
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      [
        'POST /api/sync HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${clerk.body.token}`,
        'Content-Type: application/octet-stream',
        'Content-Length: 4000',
        '',
        'PV',
      ].join('\r\n'),
    );
    // Another sync is answered while the slow body is open; the slow one stores nothing.
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const other = await sync(server.url, clerk.body.token, deviceUuid(5), 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(other.response.acks).toEqual([1]);
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const after = await pullAll(server.url, dm.body.token, deviceUuid(6));
    expect([...after.byRecord.keys()]).toEqual([...before.byRecord.keys(), file.id]);
  });

  it('sends security headers with HTML pages and nosniff with everything', async () => {
    const page = await fetch(`${server.url}/inbox`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    // Plain HTTP (a classroom without --https): HSTS would be a lie.
    expect(page.headers.get('strict-transport-security')).toBeNull();
    const api = await fetch(`${server.url}/healthz`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers a sync with nosniff and none of the headers only a page or a cache needs', async () => {
    const { body } = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(7));
    // Large enough to come compressed: the answer carries its acks and its page.
    const files = Array.from({ length: 20 }, () => newFile('clerk.vikasnagar', 'vikasnagar'));
    const frame = encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(deviceUuid(7)),
      cursor: 0,
      updates: files.map((f, i) => ({ ref: i, recordId: f.id, update: f.update })),
    });
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'accept-encoding': 'br, gzip',
        authorization: `Bearer ${body.token}`,
      },
      body: frame,
    });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});
