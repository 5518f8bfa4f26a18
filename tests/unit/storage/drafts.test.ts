// saveDraft reads the record and the draft it replaces, then writes: one read-write
// transaction, so another write to the draft cannot land between its read and its write.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { asEventId } from '@domain/ids.ts';
import { createFile, getDraft, saveDraft } from '@storage/services.ts';
import { clerk, fakeClock, must, testDevice, type TestDevice } from './helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('saveDraft is one transaction', () => {
  it('a link to a conflict written while an autosave reads the draft is kept', async () => {
    const dev = testDevice('drafts', fakeClock());
    devices.push(dev);
    const me = dev.as(clerk);
    const file = must(await createFile(me, { subject: 'Boundary', category: 'landRecords' }));
    must(await saveDraft(me, file.id, 'first words'));

    // As the autosave reads the draft, a re-submitted conflict links it (its own write).
    const linked = asEventId('00000000-0000-4000-8000-00000000c0f1');
    let other: Promise<unknown> | null = null;
    const onRead = (row: { text: string }) => {
      other ??= Dexie.ignoreTransaction(() =>
        dev.db.drafts.put({
          recordId: file.id,
          author: clerk.id,
          text: 'first words\n\nlost noting',
          updatedAt: 1,
          resubmits: linked,
        }),
      );
      return row;
    };
    dev.db.drafts.hook('reading', onRead);
    const saved = saveDraft(me, file.id, 'first words, more');
    must(await saved);
    dev.db.drafts.hook('reading').unsubscribe(onRead);
    await other;

    // Either write may come last, but never the autosave's text without the link it read.
    const row = await dev.db.drafts.get([file.id, clerk.id]);
    expect(other).not.toBeNull();
    expect(row?.resubmits).toBe(linked);
    expect(await getDraft(me, file.id)).toMatch(/^first words/);
  });
});
