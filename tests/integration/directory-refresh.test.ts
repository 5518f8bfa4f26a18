import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory, Person } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { directoryTag } from '@storage/session/kept-directory.ts';
import { currentSession, storedDirectory } from '@storage/session/session.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { createClock, startServer, type OwnServer } from './sync-harness.ts';
import { CLERK, fileSentTo, seeded, tablet, type Tablet } from './tablet-harness.ts';

/**
 * A tablet takes the district's directory as it changes, not only at sign-in (issue
 * 18): the district restarted with a directory file that adds a clerk, the tablet's
 * next sync takes it (GET /api/directory), so the clerk is there to send a file to
 * without anyone signing in again; asked again with the ETag it kept, the district
 * answers 304.
 */

const NEW_CLERK: Person = {
  ...(DEMO_DIRECTORY.people.find((p) => p.id === CLERK) as Person),
  id: asPersonId('clerk2.vikasnagar'),
  name: { hi: 'दीपक थापा', en: 'Deepak Thapa' },
};

/** The directory file: everyone with the demo's password. */
function writeDirectory(file: string, directory: Directory): void {
  const people = directory.people.map((p) => ({ ...p, initialPassword: 'demo1234' }));
  writeFileSync(file, JSON.stringify({ ...directory, people }));
}

describe('the directory after a district restart', () => {
  const clock = createClock();
  const random = seeded(18);
  let server: OwnServer;
  let fileDir: string;
  let file: string;
  let t: Tablet;

  beforeAll(async () => {
    fileDir = mkdtempSync(join(tmpdir(), 'patravali-directory-'));
    file = join(fileDir, 'directory.json');
    writeDirectory(file, DEMO_DIRECTORY);
    server = await startServer(clock, random, { PATRAVALI_DIRECTORY: file });
    t = tablet(server, clock, random);
  });
  afterAll(async () => {
    await t.db.delete();
    await server.close();
    rmSync(fileDir, { recursive: true, force: true });
  });

  it('reaches a signed-in tablet at its next sync, and the new clerk can be sent a file', async () => {
    expect(await t.signIn(CLERK)).toMatchObject({ ok: true, online: true });
    expect(await t.sync()).toBe('synced');
    expect((await storedDirectory(t.db))?.version).toBe(DEMO_DIRECTORY.version);
    await expect(fileSentTo(t, 'Before the new clerk', NEW_CLERK.id)).rejects.toThrow();

    writeDirectory(file, {
      ...DEMO_DIRECTORY,
      version: DEMO_DIRECTORY.version + 1,
      people: [...DEMO_DIRECTORY.people, NEW_CLERK],
    });
    await server.restart();
    expect(await t.sync()).toBe('synced');
    const taken = await storedDirectory(t.db);
    expect(taken?.version).toBe(DEMO_DIRECTORY.version + 1);
    expect(taken?.people.map((p) => p.id)).toContain(NEW_CLERK.id);
    // The session was not made again: the same one, with the new directory.
    expect((await currentSession(t.db))?.person.id).toBe(CLERK);

    await fileSentTo(t, 'For the new clerk', NEW_CLERK.id);
    expect(await t.sync()).toBe('synced');
    // The district took the send to them: nothing left to send, nothing refused.
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.quarantine.count()).toBe(0);
  });

  it('is answered 304 to the ETag the tablet kept, and only to a signed-in caller', async () => {
    const token = (await currentSession(t.db))?.token ?? '';
    const tag = await directoryTag(t.db);
    expect(tag).not.toBeNull();
    const url = server.origin() + API.directory;
    const again = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, 'if-none-match': tag ?? '' },
    });
    expect(again.status).toBe(304);
    expect((await fetch(url)).status).toBe(401);
  });
});
