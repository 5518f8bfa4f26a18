import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pushProtocols, recordProofsPath } from '@protocol/api.ts';
import { PushSocket, refusal } from './push-socket.ts';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';

/**
 * The district answers across origins for the app's origins it lists
 * (PATRAVALI_CORS_ORIGINS, decision 0015): a tablet whose address an office
 * relay answers syncs at the district's own address while the relay is off,
 * and the browser asks first (preflight). Only sign-in, sync, device keys and a
 * record's proofs (the relay's word checked at the district), and the push channel (a WebSocket needs no preflight; the district checks its
 * Origin), only for a listed origin; every other origin and path stays closed.
 */

const APP = 'https://efile.district.example';

describe('cross-origin access to the district for the tablets of an office relay', () => {
  let server: TestServer;
  let closed: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      PATRAVALI_CORS_ORIGINS: `${APP}, http://other.example:8080`,
    });
    closed = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
    await closed?.stop();
  });

  const preflight = (url: string, path: string, origin: string) =>
    fetch(`${url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it("answers the preflight of a listed origin for sign-in, sync, device keys and a record's proofs", async () => {
    const proofs = recordProofsPath('0b6a2d1e-4c1f-4f3a-9d2e-7a1b2c3d4e5f');
    for (const path of ['/api/session', '/api/sync', '/api/device-keys', proofs]) {
      const res = await preflight(server.url, path, APP);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    }
  });

  it('names the origin on the answer itself, a refusal too, so the tablet reads it', async () => {
    const res = await fetch(`${server.url}/api/device-keys`, { headers: { origin: APP } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    const proofs = await fetch(
      `${server.url}${recordProofsPath('0b6a2d1e-4c1f-4f3a-9d2e-7a1b2c3d4e5f')}`,
      {
        headers: { origin: APP },
      },
    );
    expect(proofs.status).toBe(401);
    expect(proofs.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('opens nothing to an origin not listed, other paths, or a district that lists none', async () => {
    const stranger = await preflight(server.url, '/api/sync', 'https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const report = await fetch(`${server.url}/api/reports/pendency`, { headers: { origin: APP } });
    expect(report.headers.get('access-control-allow-origin')).toBeNull();
    const nowhere = await preflight(server.url, '/api/records/x/proofs/more', APP);
    expect(nowhere.headers.get('access-control-allow-origin')).toBeNull();
    const directory = await fetch(`${server.url}/api/directory`, { headers: { origin: APP } });
    expect(directory.headers.get('access-control-allow-origin')).toBeNull();
    const none = await preflight(closed.url, '/api/sync', APP);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await fetch(`${closed.url}/api/device-keys`, { headers: { origin: APP } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("opens the push channel to a page of a listed origin, and to no other page's", async () => {
    const push = (url: string) => `${url.replace('http', 'ws')}/api/push`;
    const listed = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1));
    const ws = await PushSocket.open(
      new WebSocket(push(server.url), pushProtocols(listed.body.token), { origin: APP }),
    );
    expect(await ws.next()).toMatchObject({ type: 'announce' });
    ws.ws.close();
    const stranger = new WebSocket(push(server.url), pushProtocols(listed.body.token), {
      origin: 'https://evil.example',
    });
    expect(await refusal(stranger)).toBe(403);
    const unlisted = await signIn(closed.url, 'clerk.vikasnagar', deviceUuid(2));
    const none = new WebSocket(push(closed.url), pushProtocols(unlisted.body.token), {
      origin: APP,
    });
    expect(await refusal(none)).toBe(403);
  });
});
