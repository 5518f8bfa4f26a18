// Answering a lost noting on the device: re-submitting makes a plain noting
// (every build shows it) plus a separate link event; if another tablet of hers
// answered the conflict meanwhile, the noting still goes on, without a link;
// a dismissal without a reason changes nothing stored.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readEvents } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';
import { PROJECTION_VERSION } from '@domain/projection.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { loadRecordDoc, rebuildOlderRows } from '@storage/db/record-store.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { myOpenConflictsQuery } from '@storage/db/queries.ts';
import {
  createFile,
  dismissConflict,
  finaliseDraft,
  getDraft,
  pullBack,
  recordStateQuery,
  resubmitIntoDraft,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import {
  clerk,
  fakeClock,
  must,
  naib,
  sdm,
  tehsildar,
  testDevice,
  type TestDevice,
} from './helpers.ts';

const PARA4 = 'para 4: the khasra map is placed below as flag A.';
const SEND = { remarks: '', dueDate: null, priority: 'normal' } as const;
const clock = fakeClock();
const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

function device(idPrefix: number): TestDevice {
  const d = testDevice('conflict-commands', clock, { idPrefix });
  devices.push(d);
  return d;
}

async function copy(from: PatravaliDb, to: PatravaliDb): Promise<void> {
  const rows = await from.updates.toArray();
  const updates = rows.map((r, i) => ({ seq: i + 1, recordId: r.recordId, update: r.update }));
  await createSyncPort(to).applyIncoming(updates, updates.length);
}

/**
 * Issue 12's repro: the clerk's offline "para 4" lost to the tehsildar's send
 * to the SDM; then the SDM sends the file back to her. Her tablet has it all.
 */
async function lostThenBack() {
  const mine = device(1);
  const theirs = device(2);
  const { id } = must(
    await createFile(mine.as(clerk), { subject: 'Mutation', category: 'landRecords' }),
  );
  must(await sendRecord(mine.as(clerk), id, { ...SEND, to: tehsildar.id }));
  await copy(mine.db, theirs.db);
  clock.advance(60_000);
  must(await saveDraft(theirs.as(tehsildar), id, 'Seen.'));
  must(await sendRecord(theirs.as(tehsildar), id, { ...SEND, to: sdm.id }));
  clock.advance(60_000);
  must(await pullBack(mine.as(clerk), id));
  must(await saveDraft(mine.as(clerk), id, PARA4));
  must(await sendRecord(mine.as(clerk), id, { ...SEND, to: naib.id }));
  await copy(mine.db, theirs.db);
  clock.advance(60_000);
  must(await sendRecord(theirs.as(sdm), id, { ...SEND, to: clerk.id }));
  await copy(theirs.db, mine.db);
  const state = await recordStateQuery(mine.db, id, clock.now());
  const lost = state?.conflicts.find((c) => c.event.type === 'noting');
  if (lost === undefined) throw new Error('the repro lost no noting');
  return { mine, id, lost: lost.event.id };
}

async function eventsOf(db: PatravaliDb, id: RecordId) {
  const doc = await loadRecordDoc(db, id);
  const events = readEvents(doc);
  doc.destroy();
  return events;
}

describe('answering a lost noting on the device', () => {
  it('re-submitting makes a plain noting and a separate link to the lost one', async () => {
    const { mine, id, lost } = await lostThenBack();
    expect(must(await resubmitIntoDraft(mine.as(clerk), id, lost))).toBe(PARA4);
    must(await finaliseDraft(mine.as(clerk), id));

    const events = await eventsOf(mine.db, id);
    const noting = events.filter((e) => e.type === 'noting').at(-1);
    expect(noting).toMatchObject({ type: 'noting', text: PARA4, actor: clerk.id });
    expect(Object.keys(noting ?? {})).not.toContain('resubmits');
    expect(events.at(-1)).toMatchObject({
      type: 'conflictResubmitted',
      conflict: lost,
      noting: noting?.id,
    });
    const state = await recordStateQuery(mine.db, id, clock.now());
    expect(state?.notes.at(-1)?.text).toBe(PARA4);
    expect(state?.conflicts.find((c) => c.event.id === lost)?.resolution).toMatchObject({
      kind: 'resubmitted',
      eventId: noting?.id,
    });
  });

  it('answered meanwhile on her other tablet, the noting still goes on, without a link', async () => {
    const { mine, id, lost } = await lostThenBack();
    must(await resubmitIntoDraft(mine.as(clerk), id, lost));
    const other = device(3);
    await copy(mine.db, other.db);
    must(await dismissConflict(other.as(clerk), id, lost, 'Said again in person.'));
    await copy(other.db, mine.db);

    must(await finaliseDraft(mine.as(clerk), id));
    const events = await eventsOf(mine.db, id);
    expect(events.filter((e) => e.type === 'conflictResubmitted')).toEqual([]);
    const state = await recordStateQuery(mine.db, id, clock.now());
    expect(state?.notes.at(-1)?.text).toBe(PARA4);
    expect(state?.conflicts.find((c) => c.event.id === lost)?.resolution?.kind).toBe('dismissed');
  });

  it('a dismissal without a reason, or of someone else’s words, changes nothing stored', async () => {
    const { mine, id, lost } = await lostThenBack();
    const before = await mine.db.updates.count();
    expect(await dismissConflict(mine.as(clerk), id, lost, '   ')).toMatchObject({
      ok: false,
      error: 'invalidInput',
    });
    expect(await dismissConflict(mine.as(tehsildar), id, lost, 'not mine')).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(await resubmitIntoDraft(mine.as(tehsildar), id, lost)).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(await mine.db.updates.count()).toBe(before);
    expect(await getDraft(mine.as(tehsildar), id)).toBeNull();
  });
});

describe('rows made before the reminder column', () => {
  it('are of an older projection version and rebuilt with who must still answer', async () => {
    const { mine, id } = await lostThenBack();
    const row = await mine.db.records.get(id);
    if (row === undefined) throw new Error('no row');
    const { openConflictAuthors: _made, ...rest } = row;
    // As a build before PROJECTION_VERSION 2 wrote it (Dexie keeps whatever was put).
    await mine.db.records.put({ ...rest, version: 1 } as typeof row);
    expect(await myOpenConflictsQuery(mine.db, clerk.id)).toEqual([]);
    expect(await rebuildOlderRows(mine.db)).toBe(1);
    expect((await myOpenConflictsQuery(mine.db, clerk.id)).map((r) => r.id)).toEqual([id]);
    expect((await mine.db.records.get(id))?.version).toBe(PROJECTION_VERSION);
  });
});
