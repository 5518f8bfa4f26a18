// The sync light's alarm when the office relay's word that the district has this office's
// work does not hold (decision 0020): the district's own proofs, asked for through the
// relay, left out events the relay served at the district's positions.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { CLERK } from './fixtures.ts';
import { createFile } from './steps.ts';
import { newDevice, screen, signInAs } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';

const FILE = asRecordId('00000000-0000-4000-8000-00000000e002');
const row = (eventId: string, claimed?: 1 | 2) => ({
  recordId: FILE,
  eventId,
  pos: 4,
  receivedAt: 1,
  notBefore: 1,
  ...(claimed === undefined ? {} : { claimed }),
});

async function signedIn(lang: 'hi' | 'en', names: Names) {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, names, CLERK.id);
  act(() => device.syncStatus.update({ state: 'synced', error: undefined }));
  return device;
}

describe("the sync light when the office relay's word does not hold", () => {
  it('raises an alarm in Hindi for refuted claims only, and lowers it once they are proven', async () => {
    const device = await signedIn('hi', HI);
    const alarm = () => screen.queryByRole('alert', { name: hi['relayClaims.label'] });
    // Claimed and not yet checked: no alarm, and not counted once another is refuted.
    await device.db.logEntries.bulkPut([row('noting', 1), row('sent', 1)]);
    await device.db.logEntries.put(row('meta', 2));
    const one = hi['relayClaims.detail'].one.replace('{count}', '1');
    await waitFor(() => expect(alarm()).toHaveTextContent(one));
    await device.db.logEntries.bulkPut([row('noting', 2), row('sent', 2)]);
    const three = hi['relayClaims.detail'].other.replace('{count}', '3');
    await waitFor(() => expect(alarm()).toHaveTextContent(three));
    expect(alarm()).toHaveTextContent(hi['relayClaims.title']);
    expect(alarm()).toHaveTextContent(hi['relayClaims.todo']);
    // The district's proofs show them after all: the alarm goes.
    await device.db.logEntries.bulkPut([row('noting'), row('sent'), row('meta')]);
    await waitFor(() => expect(alarm()).toBeNull());
  });

  it('says it in English, one change', async () => {
    const device = await signedIn('en', EN);
    await device.db.logEntries.put(row('noting', 2));
    const alarm = await screen.findByRole('alert', { name: 'Office relay alarm' });
    expect(alarm).toHaveTextContent('The office relay’s word does not hold');
    expect(alarm).toHaveTextContent(
      'The office relay said the district server has 1 change to your office’s files, but the district server’s own log, checked later, does not have it.',
    );
    expect(alarm).toHaveTextContent(en['relayClaims.todo']);
  });

  it("says, in Hindi, what of this tablet's work reached the relay over a day ago and is not confirmed", async () => {
    const device = await signedIn('hi', HI);
    const light = () => screen.getByRole('status', { name: HI.syncStatus });
    const update = new Uint8Array([0, 0]);
    const kept = (ref: number, at: number) =>
      device.db.relayAcked.put({ ref, recordId: FILE, update, at, by: 'r'.repeat(43) });
    const DAY = 24 * 60 * 60 * 1000;
    // Taken an hour ago: nothing said.
    await kept(1, device.clock.now - DAY / 24);
    act(() => device.syncStatus.update({ lastSyncedAt: device.clock.now }));
    await waitFor(() => expect(device.db.relayAcked.count()).resolves.toBe(1));
    // Taken two days ago: said, counting only what is over a day old.
    await kept(2, device.clock.now - 2 * DAY);
    const said = hi['sync.longAtRelay'].one.replace('{count}', '1');
    await waitFor(() => expect(light()).toHaveTextContent(said));
    // Synced with the relay, not "Synced" alone: the district has not confirmed it.
    expect(light()).toHaveTextContent(new RegExp(`^${hi['sync.syncedAtRelay']}`));
    expect(en['sync.longAtRelay'].other.replace('{count}', '2')).toBe(
      '2 changes made on this tablet reached the office relay over a day ago, and the district server has not confirmed them yet.',
    );
    // The district's proofs show it: the row goes, and so does the note.
    await device.db.relayAcked.delete(2);
    await waitFor(() => expect(light()).not.toHaveTextContent(said));
  });

  it('raises it too, in Hindi and English, for work the relay took without logging it', async () => {
    const device = await signedIn('hi', HI);
    const alarm = () => screen.queryByRole('alert', { name: hi['relayClaims.label'] });
    const update = new Uint8Array([0, 0]);
    const kept = (ref: number, unlogged?: 1) =>
      device.db.relayAcked.put({
        ref,
        recordId: FILE,
        update,
        at: device.clock.now,
        by: 'r'.repeat(43),
        ...(unlogged === undefined ? {} : { unlogged }),
      });
    // Kept as the relay logged it: no alarm.
    await kept(1);
    await waitFor(() => expect(device.db.relayAcked.count()).resolves.toBe(1));
    expect(alarm()).toBeNull();
    await kept(2, 1);
    await kept(3, 1);
    const two = hi['relayClaims.dropped'].other.replace('{count}', '2');
    await waitFor(() => expect(alarm()).toHaveTextContent(two));
    // Only what was dropped is said: no refuted claims here.
    expect(alarm()).not.toHaveTextContent(hi['relayClaims.detail'].other.slice(0, 20));
    expect(alarm()).toHaveTextContent(hi['relayClaims.todo']);
    expect(en['relayClaims.dropped'].one.replace('{count}', '1')).toBe(
      'The office relay took 1 change from this tablet without entering it in its own log, so it may never pass it on to the district server.',
    );
    // The district's proofs show them (or the district took them from this tablet): it goes.
    await device.db.relayAcked.bulkDelete([2, 3]);
    await waitFor(() => expect(alarm()).toBeNull());
  });

  it("says which files' changes the relay gave in another order than the district's log", async () => {
    const device = await signedIn('en', EN);
    await createFile(device, EN, 'Boundary dispute of khasra 7');
    const id = (await device.db.records.toCollection().first())?.id;
    expect(id).toBeDefined();
    const alarm = () => screen.queryByRole('alert', { name: en['relayClaims.label'] });
    // A file no longer on this tablet is not counted.
    await writeKv(device.db, KV_KEYS.relayDisordered, ['00000000-0000-4000-8000-00000000dead']);
    await writeKv(device.db, KV_KEYS.relayDisordered, [id, '00000000-0000-4000-8000-00000000dead']);
    await waitFor(() =>
      expect(alarm()).toHaveTextContent(
        'The office relay gave the changes of 1 file in another order than the district server’s log, so this tablet may show its outcome differently from the district server.',
      ),
    );
    // What to do, and when the note goes, for the order alone.
    expect(alarm()).toHaveTextContent(en['relayClaims.todoOrder']);
    expect(alarm()).not.toHaveTextContent(en['relayClaims.todo']);
    expect(hi['relayClaims.disordered'].one.replace('{count}', '1')).toBe(
      'कार्यालय रिले ने 1 पत्रावली के परिवर्तन ज़िला सर्वर के लॉग से अलग क्रम में दिए, इसलिए यह टैबलेट उसका परिणाम ज़िला सर्वर से अलग दिखा सकता है।',
    );
    // A later check finds the order right: the alarm goes.
    await writeKv(device.db, KV_KEYS.relayDisordered, []);
    await waitFor(() => expect(alarm()).toBeNull());
  });
});
