import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { itemHashesOf, logLeafHash } from '@doc/log-leaf.ts';
import { memoryLookup, treeRoot, verifyConsistency, type Hash } from '@doc/merkle.ts';
import { loadRecordDoc } from '@doc/record-doc.ts';
import { itemHash } from '@doc/signature.ts';
import { asOfficeId, asPersonId, type RecordId } from '@domain/ids.ts';
import { migrate } from '../../sync-server/storage/sqlite-migrations.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { append, newFile, notingEvent, sentEvent } from './server-sync-client.ts';

/**
 * The server's Merkle log on real SQLite on disk: entries from before the log
 * become leaves when the server is upgraded, in log position order; every
 * commit appends the leaves of its entries in the same transaction; every
 * older head is a prefix of every newer one; entries that have lost their
 * leaves are logged again at the next start.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-merkle-'));
  dirs.push(dir);
  return dir;
}

/** The root an outsider computes from the log's entries and the records' items. */
function expectedRoot(dir: string): { size: number; root: Hash } {
  const db = new BetterSqlite3(join(dir, SQLITE_FILE), { readonly: true });
  try {
    const entries = db.prepare('SELECT record_id, event_id FROM event_log ORDER BY pos').all() as {
      record_id: RecordId;
      event_id: string;
    }[];
    const rows = db.prepare('SELECT bytes FROM updates WHERE record_id = ? ORDER BY seq').pluck();
    const leaves = entries.map((e) => {
      const doc = loadRecordDoc((rows.all(e.record_id) as Buffer[]).map((b) => new Uint8Array(b)));
      const hash = itemHashesOf(e.record_id, doc).get(e.event_id) ?? '';
      doc.destroy();
      return logLeafHash(e.record_id, e.event_id, hash);
    });
    return { size: leaves.length, root: treeRoot(memoryLookup(leaves), leaves.length) };
  } finally {
    db.close();
  }
}

const scope = {
  kind: 'office' as const,
  office: asOfficeId('vikasnagar'),
  person: asPersonId('clerk.vikasnagar'),
};

describe('Merkle log in SQLite', () => {
  it('back-fills entries from before the log as leaves in position order when upgrading', async () => {
    const dir = await tempDir();
    const old = new BetterSqlite3(join(dir, SQLITE_FILE));
    migrate(old, 5);
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const send = sentEvent('clerk.vikasnagar', 'naib.vikasnagar', null);
    const row1 = Y.mergeUpdates([file.update, append(file, [send])]);
    const row2 = append(file, [notingEvent('naib.vikasnagar', 'पुरानी टिप्पणी')]);
    const insert = old.prepare(
      `INSERT INTO updates (record_id, office, author, bytes, created_at) VALUES (?, 'vikasnagar', 'clerk.vikasnagar', ?, 1)`,
    );
    insert.run(file.id, Buffer.from(row1));
    insert.run(file.id, Buffer.from(row2));
    old.close();

    const storage = openSqliteStorage(dir);
    try {
      const tree = await storage.logTree();
      expect(tree.size).toBe(3);
      const want = expectedRoot(dir);
      expect(Buffer.from(tree.root).toString('hex')).toBe(Buffer.from(want.root).toString('hex'));
    } finally {
      await storage.close();
    }
  });

  it('appends each commit’s entries in the commit’s transaction; older heads are prefixes', async () => {
    const dir = await tempDir();
    const storage = openSqliteStorage(dir);
    const heads: { size: number; root: Uint8Array }[] = [await storage.logTree()];
    expect(heads[0]?.size).toBe(0);
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const commitEvents = async (update: Uint8Array, ids: { eventId: string; hash: string }[]) => {
      await storage.commit(
        [
          {
            recordId: file.id,
            office: scope.office,
            author: scope.person,
            update,
            summary: null,
            access: [scope.person],
            resequence: false,
            entries: ids.map((e) => ({ ...e, receivedAt: 5, notBefore: 1 })),
          },
        ],
        5,
      );
      heads.push(await storage.logTree());
    };
    const meta = { eventId: file.id, hash: 'meta-hash' };
    await commitEvents(file.update, [meta]);
    for (let i = 0; i < 6; i++) {
      const e = notingEvent('clerk.vikasnagar', `टिप्पणी ${i}`);
      await commitEvents(append(file, [e]), [{ eventId: e.id, hash: itemHash(file.id, e) }]);
    }
    // An entry the log already has gets no second leaf.
    await commitEvents(new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())), [meta]);
    try {
      expect(heads.map((h) => h.size)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7]);
      const last = heads[heads.length - 1] as { size: number; root: Uint8Array };
      for (const h of heads.slice(1)) {
        const proof = await storage.logConsistency(h.size, last.size);
        expect(verifyConsistency(h.size, last.size, proof, h.root, last.root)).toBe(true);
      }
      const db = new BetterSqlite3(join(dir, SQLITE_FILE), { readonly: true });
      const leaves = db.prepare('SELECT leaf FROM event_log ORDER BY pos').pluck().all();
      db.close();
      expect(leaves).toEqual([0, 1, 2, 3, 4, 5, 6]);
      await expect(storage.logConsistency(1, last.size + 1)).rejects.toThrow(RangeError);
    } finally {
      await storage.close();
    }
  });

  it('reads the root again when another connection changed the log, even at the same size', async () => {
    // logTree keeps the last root for its size; a write by another process (a command-line
    // repair) must not leave the running server signing a root the database no longer has.
    const dir = await tempDir();
    const storage = openSqliteStorage(dir);
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    await storage.commit(
      [
        {
          recordId: file.id,
          office: scope.office,
          author: scope.person,
          update: file.update,
          summary: null,
          access: [scope.person],
          resequence: false,
          entries: [{ eventId: file.id, hash: 'meta-hash', receivedAt: 5, notBefore: 1 }],
        },
      ],
      5,
    );
    try {
      const before = await storage.logTree();
      expect(Buffer.from((await storage.logTree()).root).equals(Buffer.from(before.root))).toBe(
        true,
      );
      const other = new BetterSqlite3(join(dir, SQLITE_FILE));
      other
        .prepare('UPDATE merkle_nodes SET hash = ? WHERE level = 0 AND idx = 0')
        .run(Buffer.alloc(32, 7));
      other.close();
      const after = await storage.logTree();
      expect(after.size).toBe(before.size);
      expect(Buffer.from(after.root).equals(Buffer.alloc(32, 7))).toBe(true);
    } finally {
      await storage.close();
    }
  });

  it('logs again at the next start the entries whose leaves were removed', async () => {
    const dir = await tempDir();
    let storage = openSqliteStorage(dir);
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const e = notingEvent('clerk.vikasnagar', 'टिप्पणी');
    await storage.commit(
      [
        {
          recordId: file.id,
          office: scope.office,
          author: scope.person,
          update: Y.mergeUpdates([file.update, append(file, [e])]),
          summary: null,
          access: [scope.person],
          resequence: false,
          entries: [
            {
              eventId: file.id,
              hash: itemHashesOf(file.id, file.doc).get(file.id) ?? '',
              receivedAt: 5,
              notBefore: 1,
            },
            { eventId: e.id, hash: itemHash(file.id, e), receivedAt: 5, notBefore: 1 },
          ],
        },
      ],
      5,
    );
    const before = await storage.logTree();
    await storage.close();
    const db = new BetterSqlite3(join(dir, SQLITE_FILE));
    db.exec('DELETE FROM merkle_nodes; UPDATE event_log SET leaf = NULL;');
    db.close();
    storage = openSqliteStorage(dir);
    try {
      const after = await storage.logTree();
      expect(after.size).toBe(2);
      expect(Buffer.from(after.root).equals(Buffer.from(before.root))).toBe(true);
      expect(Buffer.from(after.root).equals(Buffer.from(expectedRoot(dir).root))).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
