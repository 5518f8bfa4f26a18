import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asOfficeId, asPersonId, type RecordId } from '@domain/ids.ts';
import { createFile } from '@storage/services.ts';
import { currentSession } from '@storage/session/session.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import {
  createClock,
  createDevice,
  eventually,
  startServer,
  syncUntilClean,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * A person transferred by the directory pulls the new office's older files
 * (src/storage/sync/pull-again.ts). The district is restarted with a new
 * directory file that moves the Vikasnagar clerk to Chakrata; the clerk's tablet,
 * whose cursor passed Chakrata's file long ago (it was not theirs to see), takes
 * the new directory when its push channel opens again and then holds the file.
 */

const CLERK = asPersonId('clerk.vikasnagar');
const CHAKRATA = asOfficeId('chakrata');

/** The demo district as a directory file: everyone's initial password demo1234. */
function directoryFile(version: number, moved: boolean): string {
  const directory: Directory = {
    ...DEMO_DIRECTORY,
    version,
    people: DEMO_DIRECTORY.people.map((p) =>
      moved && p.id === CLERK ? { ...p, office: CHAKRATA } : p,
    ),
  };
  const people = directory.people.map((p) => ({ ...p, initialPassword: 'demo1234' }));
  return JSON.stringify({ ...directory, people });
}

describe('a person transferred by a new directory file', () => {
  const clock = createClock();
  const random = mulberry32(2026);
  const files = mkdtempSync(join(tmpdir(), 'patravali-transfer-'));
  const file = join(files, 'directory.json');
  let server: TestServer;
  let clerk: TestDevice;
  let chakrata: TestDevice;
  let older: RecordId;
  let own: RecordId;

  beforeAll(async () => {
    writeFileSync(file, directoryFile(2, false));
    server = await startServer(clock, random, { PATRAVALI_DIRECTORY: file });
    chakrata = await createDevice(server, 'clerk.chakrata', clock, random);
    const made = await createFile(chakrata.ctx, {
      subject: 'Boundary dispute',
      category: 'revenue',
    });
    if (!made.ok) throw new Error(made.error);
    older = made.value.id;
    await syncUntilClean(chakrata);
    clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    const mine = await createFile(clerk.ctx, { subject: 'Mutation', category: 'landRecords' });
    if (!mine.ok) throw new Error(mine.error);
    own = mine.value.id;
    await syncUntilClean(clerk);
    // Not the clerk's to see: their cursor passes it.
    expect(await clerk.db.records.get(older)).toBeUndefined();
  });

  afterAll(async () => {
    clerk.engine.stop();
    await Promise.all([clerk.db.delete(), chakrata.db.delete()]);
    await server.close();
    rmSync(files, { recursive: true, force: true });
  });

  it("takes the new directory and then holds the new office's older file", async () => {
    writeFileSync(file, directoryFile(3, true));
    await server.restart();
    // The push channel opens: the directory is asked for after the sync it starts.
    clerk.engine.start();
    await eventually(async () => (await clerk.db.records.get(older)) !== undefined);
    expect((await currentSession(clerk.db))?.person.office).toBe(CHAKRATA);
    // What the tablet held is there as it was, nothing held back or refused, nothing left to send.
    expect(await clerk.db.records.get(own)).toMatchObject({ id: own });
    expect(await clerk.db.quarantine.count()).toBe(0);
    expect(await clerk.db.pullChecks.count()).toBe(0);
    await eventually(async () => clerk.engine.status.getSnapshot().state === 'synced');
    expect(await clerk.db.outbox.count()).toBe(0);
  });
});
