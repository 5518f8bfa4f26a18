import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../sync-server/admin-commands.ts';
import type { AdminIo } from '../../sync-server/admin-commands.ts';
import { hashToken } from '../../sync-server/auth/tokens.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { bearer, deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { openTestStorage } from './test-engine.ts';

/** `npm run admin` commands against the data dir of a running server. */

describe('admin commands', () => {
  let server: TestServer;
  let storage: ServerStorage;
  let lines: string[];
  const io = (secret = ''): AdminIo => ({
    storage,
    now: () => server.clock.now,
    randomBytes: (n) => new Uint8Array(n).fill(3),
    scryptLogN: 10,
    out: (l) => lines.push(l),
    readSecret: async () => secret,
  });
  const directoryStatus = async (token: string) =>
    (await fetch(`${server.url}/api/directory`, { headers: bearer(token) })).status;

  beforeAll(async () => {
    server = await startTestServer();
    storage = await openTestStorage(server.config.dataDir);
  });
  afterAll(async () => {
    await storage.close();
    await server.stop();
  });

  it('revoke-token ends one session by its hash prefix, leaving the others', async () => {
    lines = [];
    const a = await signIn(server.url, 'clerk.chakrata', deviceUuid(1));
    const b = await signIn(server.url, 'clerk.chakrata', deviceUuid(2));
    const prefix = hashToken(a.body.token).slice(0, 12);
    expect(await runAdmin(['revoke-token', prefix], io())).toBe(0);
    expect(await directoryStatus(a.body.token)).toBe(401);
    expect(await directoryStatus(b.body.token)).toBe(200);
    expect(await runAdmin(['revoke-token', prefix], io())).toBe(1);
    expect(lines.at(-1)).toBe('no live session matches');
  });

  it('set-password replaces the password and ends existing sessions', async () => {
    lines = [];
    const before = await signIn(server.url, 'tehsildar.chakrata', deviceUuid(3));
    expect(await runAdmin(['set-password', 'tehsildar.chakrata'], io('naya-password-9\n'))).toBe(0);
    expect(await directoryStatus(before.body.token)).toBe(401);
    expect((await signIn(server.url, 'tehsildar.chakrata', deviceUuid(3))).status).toBe(401);
    expect(
      (await signIn(server.url, 'tehsildar.chakrata', deviceUuid(3), 'naya-password-9')).status,
    ).toBe(201);
    expect(await runAdmin(['set-password', 'nobody'], io('naya-password-9'))).toBe(1);
    expect(await runAdmin(['set-password', 'tehsildar.chakrata'], io('short'))).toBe(1);
  });

  it('prints usage for unknown commands', async () => {
    lines = [];
    expect(await runAdmin(['explode'], io())).toBe(2);
    expect(lines[0]).toMatch(/^usage: npm run admin/);
  });
});
