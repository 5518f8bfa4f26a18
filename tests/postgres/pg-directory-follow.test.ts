import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Directory } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { API, pushProtocols } from '@protocol/api.ts';
import type { Frame } from '@protocol/messages.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import {
  bearer,
  deviceUuid,
  signIn,
  startTestServer,
  tempDir,
  type TestServer,
} from '../integration/server-harness.ts';
import { PushSocket } from '../integration/push-socket.ts';
import { DIRECTORY_CHANNEL } from '../../sync-server/storage/pg/pg-directory-watch.ts';
import { newFile, pullAll, sync } from '../integration/server-sync-client.ts';

/**
 * Two district instances on one PostgreSQL database (issue 18): the administrator
 * restarts instance A with a new directory file, which moves the Vikasnagar clerk
 * to Chakrata; instance B, not restarted, serves the new directory at once
 * (GET /api/directory), checks the clerk against it (their sync pulls Chakrata's
 * file), sends its devices the `directory` frame and closes the clerk's push
 * socket, whose scope was fixed when it opened (directory/follow-directory.ts).
 * A directory stored with no notification (one missed) is taken at the next check.
 */

const CLERK = asPersonId('clerk.vikasnagar');
const CHAKRATA = asOfficeId('chakrata');

function directoryOf(version: number, moved: boolean): Directory {
  return {
    ...DEMO_DIRECTORY,
    version,
    people: DEMO_DIRECTORY.people.map((p) =>
      moved && p.id === CLERK ? { ...p, office: CHAKRATA } : p,
    ),
  };
}

/** The directory as a file: everyone's initial password demo1234. */
const fileText = (d: Directory): string =>
  JSON.stringify({ ...d, people: d.people.map((p) => ({ ...p, initialPassword: 'demo1234' })) });

async function served(server: TestServer, token: string): Promise<Directory> {
  const res = await fetch(server.url + API.directory, { headers: bearer(token) });
  expect(res.status).toBe(200);
  return (await res.json()) as Directory;
}

async function openPush(server: TestServer, token: string): Promise<PushSocket> {
  const sock = await PushSocket.open(
    new WebSocket(`${server.url.replace('http', 'ws')}/api/push`, pushProtocols(token)),
  );
  expect((await sock.next()).type).toBe('announce');
  return sock;
}

/** Stored as a save stores it, with no notification sent. */
async function storeUnannounced(db: pg.Client, d: Directory): Promise<void> {
  await db.query('UPDATE directory SET json = $1 WHERE id = 1', [JSON.stringify(d)]);
}

/** The next `directory` frame (announcements of other changes may come before it). */
async function directoryFrame(sock: PushSocket): Promise<Frame> {
  for (;;) {
    const frame = await sock.next();
    if (frame.type === 'directory') return frame;
  }
}

describe('instances on one PostgreSQL database follow the stored directory', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    dir = await tempDir('patravali-pg-directory-');
    file = join(dir.path, 'directory.json');
    await writeFile(file, fileText(directoryOf(2, false)));
    // Checks only every 30 s (the default): what B takes at once it was told of.
    a = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path);
    b = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path);
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await dir.remove();
  });

  it('B serves and checks against the directory A was restarted with, without a restart', async () => {
    const tehsildar = (await signIn(b.url, 'tehsildar.vikasnagar', deviceUuid(1))).body.token;
    const clerk = (await signIn(b.url, 'clerk.vikasnagar', deviceUuid(2))).body.token;
    const watching = await openPush(b, tehsildar);
    const clerkSocket = await openPush(b, clerk);
    // A Chakrata file, made through A: not the Vikasnagar clerk's to see.
    const ckClerk = (await signIn(a.url, 'clerk.chakrata', deviceUuid(3))).body.token;
    const ckFile = newFile('clerk.chakrata', 'chakrata');
    const pushed = await sync(a.url, ckClerk, deviceUuid(3), 0, [
      { ref: 1, recordId: ckFile.id, update: ckFile.update },
    ]);
    expect(pushed.response.acks).toEqual([1]);
    expect((await served(b, clerk)).version).toBe(2);
    expect((await pullAll(b.url, clerk, deviceUuid(2))).byRecord.has(ckFile.id)).toBe(false);

    // The administrator restarts A with a file that moves the clerk to Chakrata.
    await a.stop();
    await writeFile(file, fileText(directoryOf(3, true)));
    a = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path);

    expect(await directoryFrame(watching)).toEqual({ type: 'directory', version: 3 });
    // The clerk's socket announced by Vikasnagar's scope: closed, the tablet opens another.
    expect(await clerkSocket.closed()).toBe(1001);
    const now = await served(b, clerk);
    expect(now.version).toBe(3);
    expect(now.people.find((p) => p.id === CLERK)?.office).toBe(CHAKRATA);
    expect((await pullAll(b.url, clerk, deviceUuid(2))).byRecord.has(ckFile.id)).toBe(true);
    watching.ws.close();
  });

  /** Another instance, checking every `checkMs`, and a tehsildar's push socket on it. */
  async function watchingInstance(checkMs: string, device: number) {
    const c = await startTestServer(
      { PATRAVALI_DIRECTORY: file, PATRAVALI_DIRECTORY_CHECK_MS: checkMs },
      dir.path,
    );
    try {
      const tehsildar = (await signIn(c.url, 'tehsildar.vikasnagar', deviceUuid(device))).body
        .token;
      return { c, tehsildar, watching: await openPush(c, tehsildar) };
    } catch (e) {
      await c.stop();
      throw e;
    }
  }

  it('an instance takes a directory stored with no notification at its next check', async () => {
    const { c, tehsildar, watching } = await watchingInstance('50', 4);
    try {
      // Stored as a save stores it, but no notification sent (as if C's listener was down).
      const db = new pg.Client({ connectionString: c.config.databaseUrl ?? '' });
      await db.connect();
      await storeUnannounced(db, directoryOf(4, true));
      await db.end();
      expect(await directoryFrame(watching)).toEqual({ type: 'directory', version: 4 });
      expect((await served(c, tehsildar)).version).toBe(4);
      watching.ws.close();
    } finally {
      await c.stop();
    }
  });

  it('an instance whose listening connection was lost checks the store once it is back', async () => {
    const db = new pg.Client({ connectionString: a.config.databaseUrl ?? '' });
    await db.connect();
    const stored = await db.query<{ json: string }>('SELECT json FROM directory WHERE id = 1');
    const version = (JSON.parse(stored.rows[0]?.json ?? '{}') as Directory).version + 1;
    await writeFile(file, fileText(directoryOf(version, false)));
    // Checks every hour: only the listener's return can make it look.
    const { c, tehsildar, watching } = await watchingInstance('3600000', 5);
    try {
      // Stored with no notification, as one sent while the connection was down would be lost.
      await storeUnannounced(db, directoryOf(version + 1, true));
      const { rows } = await db.query<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${DIRECTORY_CHANNEL}`],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(await directoryFrame(watching)).toEqual({ type: 'directory', version: version + 1 });
      expect((await served(c, tehsildar)).version).toBe(version + 1);
      watching.ws.close();
    } finally {
      await db.end();
      await c.stop();
    }
  });
});
