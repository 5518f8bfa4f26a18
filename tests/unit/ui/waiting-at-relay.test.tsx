// The sync light says when work on this tablet's files waits at the office relay for
// its link to the district (decision 0010, amendment 4): the relay serves such events
// at or above RELAY_OWN_ORDER, and "Synced" alone would say they are at the district.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { RELAY_OWN_ORDER } from '@protocol/messages.ts';
import { saveEntries } from '@storage/db/record-store.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';

const FILE = asRecordId('00000000-0000-4000-8000-00000000e001');
const entry = (eventId: string, pos: number) => ({ eventId, pos, receivedAt: 1, notBefore: 1 });

async function signedIn(lang: 'hi' | 'en', names: Names) {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, names, CLERK.id);
  act(() => device.syncStatus.update({ state: 'synced', error: undefined }));
  const light = () => screen.getByRole('status', { name: names.syncStatus });
  return { device, light };
}

describe('the sync light on work waiting at the office relay', () => {
  it('says how many changes wait there, in Hindi, and nothing once the district has them', async () => {
    const { device, light } = await signedIn('hi', HI);
    expect(light()).not.toHaveTextContent(/रिले/);
    // The relay served the noting and the send at its own positions; the creation at the district's.
    await saveEntries(device.db, FILE, [
      entry(FILE, 40),
      entry('noting', RELAY_OWN_ORDER + 7),
      entry('sent', RELAY_OWN_ORDER + 8),
    ]);
    const said = hi['sync.waitingAtRelay'].other.replace('{count}', '2');
    await waitFor(() => expect(light()).toHaveTextContent(said));
    // Synced with the relay, not "Synced" alone: the district does not have it yet.
    expect(light()).toHaveTextContent(new RegExp(`^${hi['sync.syncedAtRelay']}`));
    // The district took them: the relay serves the record again at the district's positions.
    await saveEntries(device.db, FILE, [entry('noting', 41), entry('sent', 42)]);
    await waitFor(() => expect(light()).not.toHaveTextContent(said));
    expect(light()).toHaveTextContent(new RegExp(`^${hi['sync.synced']}$`));
  });

  it('says it in English (one change), and not while the tablet itself is offline', async () => {
    const { device, light } = await signedIn('en', EN);
    await saveEntries(device.db, FILE, [entry('noting', RELAY_OWN_ORDER + 3)]);
    const said = en['sync.waitingAtRelay'].one.replace('{count}', '1');
    expect(said).toBe(
      '1 change is at the office relay and has not reached the district server yet.',
    );
    // Many: the count is of everyone's work on the tablet's files, and says so.
    expect(en['sync.waitingAtRelay'].other).toContain('(yours and others’)');
    expect(hi['sync.waitingAtRelay'].other).toContain('(आपके और दूसरों के)');
    await waitFor(() => expect(light()).toHaveTextContent(said));
    act(() => device.syncStatus.update({ state: 'offline', error: 'network' }));
    await waitFor(() => expect(light()).toHaveTextContent(/^Offline$/));
  });
});
