import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { letterText } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';
import { backupFileName, decodeBackup, encodeBackup } from '@storage/backup/backup-format.ts';
import { exportBackup, importBackup, readBackupHeader } from '@storage/backup/backup.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import { listQuarantine } from '@storage/sync/sync-store.ts';
import { FORM_DRAFT_PREFIX } from '@storage/commands/form-drafts.ts';
import { busyTablet as busy, dump, opts } from './backup-fixture.ts';
import { clerk, directory, freshDb, tehsildar } from './helpers.ts';

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});
function emptyDb(): PatravaliDb {
  const db = freshDb('backup-target');
  dbs.push(db);
  return db;
}
const busyTablet = (): Promise<PatravaliDb> => busy(dbs);

async function recordStates(db: PatravaliDb): Promise<Map<string, unknown>> {
  const ids = (await db.updates.orderBy('recordId').uniqueKeys()) as RecordId[];
  const states = new Map<string, unknown>();
  for (const id of ids) {
    const doc = await loadRecordDoc(db, id);
    states.set(id, { state: stateOfDoc(doc, opts.now), letter: letterText(doc).toString() });
    doc.destroy();
  }
  return states;
}

const formDraftKey = (person: string, form: string): string =>
  `${FORM_DRAFT_PREFIX}${person}:${form}`;

const withoutKey = <T extends object>(rows: T[], key: string): unknown[] =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== key)));

describe('backup round trip', () => {
  it('reproduces record states, projection, drafts, outbox and quarantine on a new tablet', async () => {
    const source = await busyTablet();
    const bytes = await exportBackup(source, opts);
    const target = emptyDb();

    const summary = await importBackup(target, bytes);

    expect(summary).toMatchObject({
      records: 3,
      drafts: await source.drafts.where('author').equals(opts.person).count(),
      outbox: await source.outbox.count(),
      quarantine: 1,
    });
    expect([summary.drafts, summary.outbox]).toEqual([1, 5]);
    expect(await recordStates(target)).toEqual(await recordStates(source));
    expect((await recordStates(target)).size).toBe(3);
    expect(await target.records.orderBy('id').toArray()).toEqual(
      await source.records.orderBy('id').toArray(),
    );
    expect(await target.drafts.toArray()).toEqual(
      await source.drafts.where('author').equals(opts.person).toArray(),
    );
    expect(withoutKey(await target.outbox.toArray(), 'ref')).toEqual(
      withoutKey(await source.outbox.toArray(), 'ref'),
    );
    expect(withoutKey(await target.quarantine.toArray(), 'id')).toEqual(
      withoutKey(await source.quarantine.toArray(), 'id'),
    );
  });

  it('carries settings but no session, device identity, clock offset or sign-in verifiers', async () => {
    const source = await busyTablet();
    const target = emptyDb();
    await importBackup(target, await exportBackup(source, opts));

    expect(await readKv(target, KV_KEYS.cursor)).toBe(42);
    expect(await readKv(target, KV_KEYS.language)).toBe('en');
    expect(await readKv(target, KV_KEYS.directory)).toEqual(directory);
    expect(await readKv(target, KV_KEYS.hlcLast)).toBe(await readKv(source, KV_KEYS.hlcLast));
    const seqKeys = (await source.kv.toArray()).filter((r) => r.key.startsWith('seq:'));
    expect(seqKeys.length).toBeGreaterThan(0);
    for (const row of seqKeys) expect(await readKv(target, row.key)).toBe(row.value);
    for (const key of [
      KV_KEYS.session,
      KV_KEYS.deviceId,
      KV_KEYS.deviceNumber,
      KV_KEYS.clockOffset,
    ])
      expect(await readKv(target, key)).toBeUndefined();
    expect(await target.accounts.count()).toBe(0);
    expect(new TextDecoder().decode(await exportBackup(source, opts))).not.toContain(
      'secret-token',
    );
  });

  it("carries only the exporting person's drafts and form drafts, and nobody's when no one is named", async () => {
    const source = await busyTablet();
    const clerkForm = formDraftKey(clerk.id, 'dak');
    const tehsildarForm = formDraftKey(tehsildar.id, 'newFile');
    for (const key of [clerkForm, tehsildarForm])
      await writeKv(source, key, { version: 1, fields: { subject: key }, savedAt: opts.now });
    expect(await source.drafts.where('author').equals(tehsildar.id).count()).toBe(1);

    const clerkFile = new TextDecoder().decode(await exportBackup(source, opts));
    expect(clerkFile).toContain('clerk draft');
    expect(clerkFile).toContain(clerkForm);
    expect(clerkFile).not.toContain('तहसीलदार की प्रारूप टिप्पणी');
    expect(clerkFile).not.toContain(tehsildarForm);

    const tehsildarFile = await exportBackup(source, { ...opts, person: tehsildar.id });
    const target = emptyDb();
    await importBackup(target, tehsildarFile);
    expect((await target.drafts.toArray()).map((d) => [d.author, d.text])).toEqual([
      [tehsildar.id, 'तहसीलदार की प्रारूप टिप्पणी'],
    ]);
    expect(await readKv(target, tehsildarForm)).toBeDefined();
    expect(await readKv(target, clerkForm)).toBeUndefined();

    const nobodys = await readBackupHeader(await exportBackup(source, { ...opts, person: null }));
    expect(nobodys.counts.drafts).toBe(0);
  });

  it('a second import of the same file changes nothing', async () => {
    const bytes = await exportBackup(await busyTablet(), opts);
    const target = emptyDb();
    await importBackup(target, bytes);
    const before = await dump(target);

    const again = await importBackup(target, bytes);

    expect(again).toEqual({ records: 0, drafts: 0, outbox: 0, quarantine: 0, settings: 0 });
    expect(await dump(target)).toEqual(before);
  });

  it('carries what an office relay acknowledged and the district has not shown, to send again, in order', async () => {
    const source = await busyTablet();
    // Two pushes between others, acknowledged by a relay (decision 0020): out of the outbox,
    // kept. The file carries them in their place among the rest.
    const rows = await source.outbox.orderBy('ref').toArray();
    const taken = [rows[1], rows[3]].filter((r) => r !== undefined);
    expect(taken).toHaveLength(2);
    await source.outbox.bulkDelete(taken.map((r) => r.ref as number));
    await source.relayAcked.bulkPut(taken.map((r) => ({ ...r, by: 'relay-key' })));
    const bytes = await exportBackup(source, opts);
    const target = emptyDb();

    const summary = await importBackup(target, bytes);

    expect(summary.outbox).toBe(rows.length);
    const sent = (await target.outbox.orderBy('ref').toArray()).map((r) => r.update);
    expect(sent).toEqual(rows.map((r) => r.update));
    expect(await target.relayAcked.count()).toBe(0);
    // Imported again where they are kept, they are not doubled into the outbox.
    expect((await importBackup(source, bytes)).outbox).toBe(0);
    expect(await source.outbox.count()).toBe(rows.length - 2);
  });

  it('merges into a tablet with its own data: newer draft wins, counters only go up', async () => {
    const source = await busyTablet();
    const bytes = await exportBackup(source, opts);
    const target = emptyDb();
    await importBackup(target, bytes);
    const [draft] = await target.drafts.toArray();
    if (!draft) throw new Error('fixture has drafts');
    await target.drafts.put({
      ...draft,
      text: 'edited here later',
      updatedAt: draft.updatedAt + 1,
    });
    await writeKv(target, KV_KEYS.cursor, 99);
    await writeKv(target, KV_KEYS.language, 'hi');

    const summary = await importBackup(target, bytes);

    expect(summary.drafts).toBe(0);
    expect((await target.drafts.get([draft.recordId, draft.author]))?.text).toBe(
      'edited here later',
    );
    expect(await readKv(target, KV_KEYS.cursor)).toBe(99);
    expect(await readKv(target, KV_KEYS.language)).toBe('hi');
  });

  it('an empty tablet exports a file that imports as nothing', async () => {
    const bytes = await exportBackup(emptyDb(), opts);
    const target = emptyDb();
    expect(await importBackup(target, bytes)).toEqual({
      records: 0,
      drafts: 0,
      outbox: 0,
      quarantine: 0,
      settings: 0,
    });
    expect(await target.updates.count()).toBe(0);
  });

  it('names the file after the day it was made', () => {
    expect(backupFileName(opts.now)).toBe('patravali-backup-2026-04-09.patravali');
  });

  it('the header can be read for a preview without importing', async () => {
    const header = await readBackupHeader(await exportBackup(await busyTablet(), opts));
    expect(header).toMatchObject({
      app: 'patravali',
      formatVersion: 2,
      createdAt: opts.now,
      appVersion: '0.1.0',
      counts: { records: 3, drafts: 1, outbox: 5, quarantine: 1 },
    });
  });
});

describe('refused changes in a backup', () => {
  /** A tablet whose one refused change is of a confidential file on the clerk's list only. */
  async function refusedConfidential(): Promise<PatravaliDb> {
    const db = emptyDb();
    await db.quarantine.add({
      recordId: '00000000-0000-4000-8000-0000000000c1' as RecordId,
      reason: 'unknownRecord',
      detail: 'refused whole',
      at: opts.now,
      update: new Uint8Array([0, 0]),
      later: 7,
      whole: true,
      access: { grade: 'confidential', participants: [clerk.id], readers: [] },
    });
    return db;
  }

  it("keep a confidential record's access list, so a restored shared tablet shows them only to it", async () => {
    const target = emptyDb();
    await importBackup(target, await exportBackup(await refusedConfidential(), opts));
    expect(withoutKey(await target.quarantine.toArray(), 'id')).toMatchObject([
      { later: 7, whole: true, access: { grade: 'confidential', participants: [clerk.id] } },
    ]);
    expect(await listQuarantine(target, clerk.id)).toHaveLength(1);
    // Format 1 carried none of it: the tehsildar, not on the list, read the clerk's file.
    expect(await listQuarantine(target, tehsildar.id)).toEqual([]);
  });

  it('a format 1 file (before they were kept) still imports', async () => {
    const { contents } = await decodeBackup(await exportBackup(await refusedConfidential(), opts));
    const old = await encodeBackup(
      contents,
      { createdAt: opts.now, appVersion: '0.1.0' },
      undefined,
      1,
    );
    const target = emptyDb();
    expect((await importBackup(target, old)).quarantine).toBe(1);
    expect(await target.quarantine.toArray()).toMatchObject([{ reason: 'unknownRecord' }]);
    expect((await target.quarantine.toArray())[0]?.access).toBeUndefined();
  });
});
