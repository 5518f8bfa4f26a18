import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { bearer, deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';

describe('/healthz and the database', () => {
  it('answers 503 with a clear body when the SQLite database does not answer', async () => {
    const dir = await tempDir('patravali-health-');
    const storage = openSqliteStorage(dir.path);
    const server = await startTestServer({}, dir.path, undefined, storage);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await storage.close();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        ok: false,
        error: 'databaseUnavailable',
        detail: 'the database did not answer; this instance cannot serve requests',
      });
    } finally {
      await server.stop();
      await dir.remove();
    }
  });
});

describe('server HTTP API (demo mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_TOKEN_TTL_HOURS: '1' });
  });
  afterAll(async () => {
    await server.stop();
  });

  const directory = (token: string) =>
    fetch(`${server.url}/api/directory`, { headers: bearer(token) });

  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('signs in a demo person and numbers devices per office once', async () => {
    const first = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1));
    expect(first.status).toBe(201);
    expect(first.body.person.designation.hi).toBe('पटल सहायक');
    expect(first.body.token.length).toBeGreaterThan(30);
    expect(first.body.serverTime).toBe(server.clock.now);
    const second = await signIn(server.url, 'naib.vikasnagar', deviceUuid(2));
    const again = await signIn(server.url, 'tehsildar.vikasnagar', deviceUuid(1));
    const otherOffice = await signIn(server.url, 'clerk.chakrata', deviceUuid(2));
    expect([first, second, again, otherOffice].map((r) => r.body.deviceNumber)).toEqual([
      1, 2, 1, 1,
    ]);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1), 'demo12345');
    const unknown = await signIn(server.url, 'nobody.anywhere', deviceUuid(1));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: 'badCredentials', detail: 'wrong username or password' });
  });

  it('refuses a malformed sign-in body with badRequest', async () => {
    for (const body of [
      '{"username":"x"}',
      'not json',
      JSON.stringify({ username: 'a', password: 'b', deviceId: 'x' }),
    ]) {
      const res = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('badRequest');
    }
  });

  it('serves the directory only with a live token', async () => {
    const { body } = await signIn(server.url, 'dm.dehradun', deviceUuid(3));
    const ok = await directory(body.token);
    expect(ok.status).toBe(200);
    const dir = (await ok.json()) as { offices: { code: string }[] };
    expect(dir.offices.map((o) => o.code)).toEqual(['DDN', 'VKN', 'CKT', 'TYN']);
    expect((await fetch(`${server.url}/api/directory`)).status).toBe(401);
    expect((await directory('x'.repeat(43))).status).toBe(401);
  });

  it('answers 304 to a caller that holds the directory, without making its JSON again', async () => {
    const { body } = await signIn(server.url, 'dm.dehradun', deviceUuid(30));
    const tag = (await directory(body.token)).headers.get('etag') ?? '';
    expect(tag).toMatch(/^"[\w-]+"$/);
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const again = (held: string) =>
        fetch(`${server.url}/api/directory`, {
          headers: { ...bearer(body.token), 'if-none-match': held },
        });
      expect((await again(tag)).status).toBe(304);
      const whole = await again('"older"');
      expect(whole.status).toBe(200);
      expect(whole.headers.get('etag')).toBe(tag);
      // The directory (an office relay asks every few seconds) is not serialised again.
      const ofDirectory = stringify.mock.calls.filter(
        ([v]) => typeof v === 'object' && v !== null && 'people' in v && 'offices' in v,
      );
      expect(ofDirectory).toEqual([]);
    } finally {
      stringify.mockRestore();
    }
  });

  it('refuses a token after sign-out', async () => {
    const { body } = await signIn(server.url, 'kanungo.vikasnagar', deviceUuid(4));
    const out = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(body.token),
    });
    expect(out.status).toBe(204);
    const res = await directory(body.token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthenticated', detail: 'sign in first' });
  });

  it('refuses a token revoked from the admin CLI while the server runs', async () => {
    const { body } = await signIn(server.url, 'sdm.vikasnagar', deviceUuid(5));
    expect((await directory(body.token)).status).toBe(200);
    const storage = openSqliteStorage(server.config.dataDir);
    const lines: string[] = [];
    const io = {
      storage,
      now: () => server.clock.now,
      randomBytes: (n: number) => new Uint8Array(n),
      scryptLogN: 10,
      out: (l: string) => lines.push(l),
      readSecret: async () => '',
    };
    await runAdmin(['list-sessions'], io);
    expect(lines.some((l) => l.startsWith('sdm.vikasnagar\t'))).toBe(true);
    expect(await runAdmin(['revoke', 'sdm.vikasnagar'], io)).toBe(0);
    await storage.close();
    expect((await directory(body.token)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { body } = await signIn(server.url, 'clerk.tyuni', deviceUuid(6));
    expect((await directory(body.token)).status).toBe(200);
    server.clock.now += 60 * 60 * 1000;
    expect((await directory(body.token)).status).toBe(401);
  });

  it('answers unknown API paths with JSON 404 and app paths with the build hint', async () => {
    const api = await fetch(`${server.url}/api/nothing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: string }).error).toBe('notFound');
    const page = await fetch(`${server.url}/files/123`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('npm run build');
  });
});
