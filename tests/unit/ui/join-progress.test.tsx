// A new tablet's join on the inbox (decision 0012): while the desk comes, the inbox
// says so instead of "nothing pending"; then a progress bar for the rest of the office
// (records and data left, an estimate), read from the device store, so it is there
// again after a reload; the Sent tab, off the desk, says its files are still arriving;
// in English and Hindi; gone once the join is done.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { advanceCursor } from '@storage/sync/cursor.ts';
import { saveJoin } from '@storage/sync/join-state.ts';
import type { JoinState } from '@storage/sync/sync-port.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';

const desk: JoinState = {
  seq: 500,
  after: null,
  deskDone: false,
  recordsLeft: 1_234,
  bytesLeft: 2_500_000,
  bytesReceived: 0,
  receivingMs: 0,
};
// 500,000 bytes in 100 s: the 2.5 MB left take 500 s, about 9 minutes (rounded up).
const rest: JoinState = { ...desk, deskDone: true, bytesReceived: 500_000, receivingMs: 100_000 };

describe('a new tablet joining its office', () => {
  it('says the inbox is coming, then shows the rest arriving, after a reload too', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    expect(await within(inbox).findByText('Nothing is pending with you.')).toBeInTheDocument();

    await saveJoin(device.db, CLERK.id, desk);
    expect(await within(inbox).findByRole('status')).toHaveTextContent(
      'Bringing your inbox to this tablet…',
    );
    expect(within(inbox).queryByText('Nothing is pending with you.')).toBeNull();
    expect(within(inbox).queryByRole('progressbar')).toBeNull();

    await saveJoin(device.db, CLERK.id, rest);
    const bar = await within(inbox).findByRole('progressbar', {
      name: /The rest of the office arriving/,
    });
    expect(bar).toHaveAttribute('aria-valuenow', '16');
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(bar).toHaveAttribute(
      'aria-valuetext',
      '1,234 records and 2.5 MB left · about 9 minutes more',
    );
    expect(bar).toHaveAccessibleDescription(
      'Your inbox is here. The rest of the office is arriving in the background.',
    );
    expect(await within(inbox).findByText('Nothing is pending with you.')).toBeInTheDocument();

    // A reload, in Hindi: the join is read from the tablet's store again.
    device.mount({ search: '?lang=hi' });
    const hiInbox = await screen.findByRole('region', { name: HI.inbox });
    const hiBar = await within(hiInbox).findByRole('progressbar', { name: /कार्यालय का बाकी/ });
    expect(hiBar).toHaveAttribute('aria-valuenow', '16');
    expect(hiBar.getAttribute('aria-valuetext')).toMatch(
      /^1,234 रिकॉर्ड और .+ बाकी · लगभग 9 मिनट और$/,
    );
    expect(hiBar).toHaveAccessibleDescription(hi['join.rest']);

    // The cursor reaches the join's head: done, the bar goes.
    await device.db.transaction('rw', device.db.kv, () => advanceCursor(device.db, CLERK.id, 500));
    await expect.poll(() => within(hiInbox).queryByRole('progressbar')).toBeNull();
  });

  it('says the inbox is coming while the first exchange of a fresh tablet is in flight', async () => {
    // Nothing is kept of a join until its first answer, a page's time on 2G (about 20 s):
    // meanwhile an empty inbox is not news. Once the exchange ends without an answer
    // (the light says Offline), nothing arrived and the inbox says what it holds.
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const inbox = await screen.findByRole('region', { name: HI.inbox });
    expect(await within(inbox).findByText(hi['inbox.empty'])).toBeInTheDocument();
    act(() => device.syncStatus.update({ state: 'syncing' }));
    expect(await within(inbox).findByRole('status')).toHaveTextContent(hi['join.desk']);
    expect(within(inbox).queryByText(hi['inbox.empty'])).toBeNull();
    act(() => device.syncStatus.update({ state: 'offline', error: 'network' }));
    expect(await within(inbox).findByText(hi['inbox.empty'])).toBeInTheDocument();
    expect(within(inbox).queryByText(hi['join.desk'])).toBeNull();

    // A person who synced here before (cursor past 0) is not joining: a sync is only a sync.
    await device.db.transaction('rw', device.db.kv, () => advanceCursor(device.db, CLERK.id, 7));
    act(() => device.syncStatus.update({ state: 'syncing' }));
    await expect.poll(() => within(inbox).queryByText(hi['inbox.empty'])).not.toBeNull();
    expect(within(inbox).queryByText(hi['join.desk'])).toBeNull();
  });

  it('says the files sent by me are still arriving, not that none is pending', async () => {
    // What I sent is held by others, off my desk: it comes with the rest of the office.
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    await saveJoin(device.db, CLERK.id, rest);
    await within(inbox).findByRole('progressbar');
    await device.user.click(within(inbox).getByRole('tab', { name: EN.tabSent }));
    expect(
      await within(inbox).findByText(
        'Files you sent that are pending with others arrive with the rest of the office; this list is not complete yet.',
      ),
    ).toBeInTheDocument();
    expect(within(inbox).queryByText('Nothing you sent is pending with others.')).toBeNull();

    // In Hindi after a reload, on the same tab.
    device.mount({ search: '?lang=hi' });
    const hiInbox = await screen.findByRole('region', { name: HI.inbox });
    await device.user.click(await within(hiInbox).findByRole('tab', { name: hi['inbox.tabSent'] }));
    expect(await within(hiInbox).findByText(hi['join.sentArriving'])).toBeInTheDocument();
    expect(within(hiInbox).queryByText(hi['inbox.sentEmpty'])).toBeNull();

    // The join is done: the list is complete, and empty.
    await device.db.transaction('rw', device.db.kv, () => advanceCursor(device.db, CLERK.id, 500));
    expect(await within(hiInbox).findByText(hi['inbox.sentEmpty'])).toBeInTheDocument();
    expect(within(hiInbox).queryByText(hi['join.sentArriving'])).toBeNull();
  });
});
