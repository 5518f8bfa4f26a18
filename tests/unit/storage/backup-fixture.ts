import * as Y from 'yjs';
import { letterText } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';
import { KV_KEYS, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import {
  createFile,
  diariseReceipt,
  markOpened,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import { ensureDeviceId, rememberAccount, saveSession } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { clerk, DAY, directory, fakeClock, must, tehsildar, testDevice } from './helpers.ts';

/** Fixtures for the backup tests: a busy tablet and a whole-database dump. */

/** Exported by the clerk: her drafts travel, the tehsildar's stay on the tablet. */
export const opts = { now: Date.UTC(2026, 3, 9), appVersion: '0.1.0', person: clerk.id };

/** A tablet with records, two authors' drafts, an outbox, a quarantined change and settings. */
export async function busyTablet(dbs: PatravaliDb[]): Promise<PatravaliDb> {
  const clock = fakeClock();
  const dev = testDevice('backup-source', clock, { idPrefix: 7 });
  dbs.push(dev.db);
  const c = dev.as(clerk);
  const f1 = must(await createFile(c, { subject: 'Khasra 112', category: 'landRecords' }));
  must(await saveDraft(c, f1.id, 'Please see.'));
  must(
    await sendRecord(c, f1.id, {
      to: tehsildar.id,
      remarks: 'r',
      dueDate: null,
      priority: 'normal',
    }),
  );
  clock.advance(DAY);
  must(await markOpened(dev.as(tehsildar), f1.id));
  must(await saveDraft(dev.as(tehsildar), f1.id, 'तहसीलदार की प्रारूप टिप्पणी'));
  const f2 = must(await createFile(c, { subject: 'Pension Rawat', category: 'pensions' }));
  must(await saveDraft(c, f2.id, 'clerk draft'));
  must(
    await diariseReceipt(c, {
      from: 'DM',
      letterNumber: '1/DM',
      letterDate: '2026-03-01',
      subject: 'Census duty',
      category: 'establishment',
      mode: 'hand',
    }),
  );
  await addLetterEdits(dev.db, f1.id);
  const refused = must(await createFile(c, { subject: 'Refused one', category: 'others' }));
  const port = createSyncPort(dev.db, clock.now);
  const out = await port.takeOutgoing(1 << 20);
  const ref = out.find((o) => o.recordId === refused.id)?.ref ?? 0;
  await port.quarantine(ref, refused.id, 'actorMismatch', 'not you', new Uint8Array());
  await saveSession(
    dev.db,
    { token: 'secret-token', expiresAt: 1, person: clerk, deviceNumber: 3, online: true },
    directory,
  );
  await ensureDeviceId(dev.db, () => 'eeeeeeee-0000-4000-8000-000000000001');
  await writeKv(dev.db, KV_KEYS.cursor, 42);
  await writeKv(dev.db, KV_KEYS.clockOffset, 1500);
  await writeKv(dev.db, KV_KEYS.language, 'en');
  await rememberAccount(dev.db, clerk.id, 'demo1234', clerk, 1000);
  return dev.db;
}

/** An update with insertions AND deletions (letter text), stored as sync would store it. */
async function addLetterEdits(db: PatravaliDb, recordId: RecordId): Promise<void> {
  const doc = await loadRecordDoc(db, recordId);
  const sv = Y.encodeStateVector(doc);
  letterText(doc).insert(0, 'Draft letter');
  letterText(doc).delete(0, 6);
  await db.updates.add({ recordId, update: Y.encodeStateAsUpdate(doc, sv) });
  doc.destroy();
}

/** Every table, keys included, to prove "nothing changed". */
export async function dump(db: PatravaliDb): Promise<unknown> {
  return {
    updates: await db.updates.toArray(),
    records: await db.records.toArray(),
    drafts: await db.drafts.toArray(),
    outbox: await db.outbox.toArray(),
    quarantine: await db.quarantine.toArray(),
    kv: await db.kv.toArray(),
    accounts: await db.accounts.toArray(),
  };
}
