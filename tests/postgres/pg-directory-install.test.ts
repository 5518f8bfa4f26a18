import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { openPool } from '../../sync-server/storage/pg/pg-db.ts';
import { openPgStorage, PgStorage } from '../../sync-server/storage/pg/pg-storage.ts';
import type { DirectoryDecision, ServerStorage } from '../../sync-server/storage/types.ts';
import {
  deviceUuid,
  signIn,
  startTestServer,
  tempDir,
  type TestServer,
} from '../integration/server-harness.ts';
import { openTestStorage } from '../integration/test-engine.ts';
import { gate, type Gate } from './gate.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * Two district instances on one PostgreSQL database started at once with two
 * directory files: B with version 3, which lists a new clerk, A with version 2.
 * A reads the stored directory and hashes its file's passwords, then B stores
 * version 3, and only then does A write. A must not store its older file over it,
 * nor delete the new clerk's password: it serves version 3, and says so once
 * (directory/install-directory.ts, AccountStore.installDirectory). Below it, the
 * storage's part: an install reads the stored directory only once no other install
 * is between its read and its commit (the directory lock, storage/pg/pg-accounts.ts).
 */

const NEW_CLERK = asPersonId('naya.clerk.vikasnagar');

function directoryOf(version: number, newClerk: boolean): Directory {
  const clerk = DEMO_DIRECTORY.people.find((p) => p.id === 'clerk.vikasnagar');
  const added = newClerk && clerk !== undefined ? [{ ...clerk, id: NEW_CLERK }] : [];
  return { ...DEMO_DIRECTORY, version, people: [...DEMO_DIRECTORY.people, ...added] };
}

/** The directory as a file: everyone's initial password demo1234. */
const fileText = (d: Directory): string =>
  JSON.stringify({ ...d, people: d.people.map((p) => ({ ...p, initialPassword: 'demo1234' })) });

const WRITES = new Set<PropertyKey>([
  'installDirectory',
  'saveDirectory',
  'setCredential',
  'deleteCredential',
  'revokePersonSessions',
]);

/** `real`, its first write held at `held` (after all the install reads and hashes). */
function heldAtFirstWrite(real: ServerStorage, held: Gate): ServerStorage {
  let first = true;
  return new Proxy(real, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!first || !WRITES.has(name)) return method.bind(target);
      return async (...args: unknown[]) => {
        if (first) {
          first = false;
          await held.wait();
        }
        return method.apply(target, args);
      };
    },
  });
}

describe('two instances started at once with two directory files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    dir = await tempDir('patravali-pg-install-');
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await dir.remove();
  });

  it('the older, written after the newer was stored, leaves it and serves it', async () => {
    const older = join(dir.path, 'older.json');
    const newer = join(dir.path, 'newer.json');
    await writeFile(older, fileText(directoryOf(2, false)));
    await writeFile(newer, fileText(directoryOf(3, true)));

    const held = gate();
    const logA: string[] = [];
    const startingA = startTestServer(
      { PATRAVALI_DIRECTORY: older },
      dir.path,
      undefined,
      heldAtFirstWrite(await openTestStorage(dir.path), held),
      (line) => logA.push(line),
    );
    await held.reached;
    const b = await startTestServer({ PATRAVALI_DIRECTORY: newer }, dir.path);
    servers.push(b);
    held.open();
    const a = await startingA;
    servers.push(a);

    const check = await openTestStorage(dir.path);
    try {
      expect((await check.loadDirectory())?.version).toBe(3);
      expect(await check.getCredential(NEW_CLERK)).not.toBeNull();
    } finally {
      await check.close();
    }
    for (const [n, server] of [a, b].entries()) {
      const { status, body } = await signIn(server.url, NEW_CLERK, deviceUuid(n + 1));
      expect(status).toBe(201);
      expect(body.directory.version).toBe(3);
    }
    expect(logA.filter((line) => line.startsWith('directory:'))).toEqual([
      `directory: ${older} (version 2) was not stored: another instance stored version 3 ` +
        'while this one started; serving version 3',
    ]);
  });
});

/** The storage with its next install held before COMMIT. */
class HeldStorage extends PgStorage {
  held: Gate | null = null;
  protected override async installing(): Promise<void> {
    const g = this.held;
    this.held = null;
    if (g !== null) await g.wait();
  }

  /** Whether another session of the database waits for a lock (the directory's, or a row's). */
  async lockWaited(): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(rows[0]?.n) > 0;
  }
}

/** What the lock prevents: installs that read and write with no lock between them. */
class UnlockedStorage extends HeldStorage {
  protected override async lockInstalls(): Promise<void> {}
}

/** Stores `d` unless a newer directory is stored (the check install-directory.ts makes). */
const unlessNewer =
  (d: Directory): DirectoryDecision<boolean> =>
  (stored) =>
    stored.directory !== null && stored.directory.version > d.version
      ? { write: null, result: false }
      : { write: { directory: d, remove: [], set: [], at: 1 }, result: true };

describe('installs of the directory on one PostgreSQL database', () => {
  let db: TestDatabase;
  const open: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    db = await freshDatabase();
    // Opened once so the schema is in place.
    await (await openPgStorage(db.url)).close();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await db.drop();
  });

  function handle(Kind: typeof HeldStorage): HeldStorage {
    const s = new Kind(openPool(db.url));
    open.push(s);
    return s;
  }

  /**
   * A stores version 3 and is held before COMMIT; B, started with version 2, reads
   * and writes meanwhile as far as it can; then A commits. What is stored at the end.
   */
  async function race(Kind: typeof HeldStorage) {
    const a = handle(Kind);
    const b = handle(Kind);
    const held = gate();
    a.held = held;
    const storedA = a.installDirectory(unlessNewer(directoryOf(3, true)));
    await held.reached;
    let doneB = false;
    const storedB = b.installDirectory(unlessNewer(directoryOf(2, false)));
    void storedB.then(() => (doneB = true));
    // B waits for A's lock (or, with none, for A's row), or is done; no sleep.
    await expect.poll(async () => doneB || (await a.lockWaited())).toBe(true);
    held.open();
    const wrote = { a: await storedA, b: await storedB };
    return { wrote, version: (await a.loadDirectory())?.version };
  }

  it('an install that read before another committed waits for it, and keeps the newer', async () => {
    expect(await race(HeldStorage)).toEqual({ wrote: { a: true, b: false }, version: 3 });
  });

  // Without the lock, B read no directory while A's was uncommitted, and wrote its
  // older one over it.
  it('without the lock, the older is stored last', async () => {
    expect(await race(UnlockedStorage)).toEqual({ wrote: { a: true, b: true }, version: 2 });
  });
});
