import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pushProtocols } from '@protocol/api.ts';
import { PUSH_CHANNEL } from '../../sync-server/storage/pg/pg-notify.ts';
import { deviceUuid, signIn, startTestServer, tempDir } from '../integration/server-harness.ts';
import type { TestServer } from '../integration/server-harness.ts';
import { PushSocket } from '../integration/push-socket.ts';
import { newFile, sync } from '../integration/server-sync-client.ts';

/**
 * Push across instances (issue 19): two servers on one PostgreSQL database (each
 * data directory of this project maps to a database, engine-setup.ts, so both
 * share one); a device with its push socket on instance A hears about a change
 * committed through instance B, by LISTEN/NOTIFY, and only if the change is in
 * its scope; a sign-out on B closes the session's socket on A; a listener that
 * loses its connection reconnects and tells its devices to pull.
 */

describe('push fan-out across instances', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    dir = await tempDir('patravali-fanout-');
    a = await startTestServer({}, dir.path);
    b = await startTestServer({}, dir.path);
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await dir.remove();
  });

  const open = async (server: TestServer, token: string): Promise<PushSocket> => {
    const sock = await PushSocket.open(
      new WebSocket(`${server.url.replace('http', 'ws')}/api/push`, pushProtocols(token)),
    );
    expect((await sock.next()).type).toBe('announce');
    return sock;
  };

  it('tells a device on instance A of a change committed through instance B, in scope only', async () => {
    const tehsildar = await signIn(a.url, 'tehsildar.vikasnagar', deviceUuid(1));
    const chakrata = await signIn(a.url, 'tehsildar.chakrata', deviceUuid(2));
    const onA = await open(a, tehsildar.body.token);
    const otherOffice = await open(a, chakrata.body.token);
    const clerk = await signIn(b.url, 'clerk.vikasnagar', deviceUuid(3));
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const pushed = await sync(b.url, clerk.body.token, deviceUuid(3), 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    expect(await onA.next()).toEqual({ type: 'announce', cursor: pushed.response.headSeq });
    // Chakrata's first frame after the hello is for a Chakrata record, not the Vikasnagar one.
    const ckClerk = await signIn(b.url, 'clerk.chakrata', deviceUuid(4));
    const ckFile = newFile('clerk.chakrata', 'chakrata');
    const ck = await sync(b.url, ckClerk.body.token, deviceUuid(4), 0, [
      { ref: 1, recordId: ckFile.id, update: ckFile.update },
    ]);
    expect(await otherOffice.next()).toEqual({ type: 'announce', cursor: ck.response.headSeq });
    onA.ws.close();
    otherOffice.ws.close();
  });

  it('closes a session’s socket on instance A when it signs out through instance B', async () => {
    const clerk = await signIn(a.url, 'clerk.vikasnagar', deviceUuid(5));
    const sock = await open(a, clerk.body.token);
    const out = await fetch(`${b.url}/api/session`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${clerk.body.token}` },
    });
    expect(out.status).toBeLessThan(300);
    expect(await sock.closed()).toBe(4401);
  });

  it('after losing its listening connection, reconnects and tells its devices to pull', async () => {
    const tehsildar = await signIn(a.url, 'tehsildar.vikasnagar', deviceUuid(6));
    const sock = await open(a, tehsildar.body.token);
    const admin = new pg.Client({ connectionString: a.config.databaseUrl ?? '' });
    await admin.connect();
    const { rows } = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
         WHERE datname = current_database() AND query = $1`,
      [`LISTEN ${PUSH_CHANNEL}`],
    );
    await admin.end();
    expect(rows.length).toBe(2);
    // Whatever was published meanwhile is lost: every device of A is told to pull.
    expect((await sock.next()).type).toBe('announce');
    // And changes through B reach A again.
    const clerk = await signIn(b.url, 'clerk.vikasnagar', deviceUuid(7));
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const pushed = await sync(b.url, clerk.body.token, deviceUuid(7), 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(await sock.next()).toEqual({ type: 'announce', cursor: pushed.response.headSeq });
    sock.ws.close();
  });
});
