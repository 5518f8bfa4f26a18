// Attach receipt on a file I hold (issue 17): the receipts I hold that are in no file,
// the latest first, narrowed by what I type; Attach puts one into the file, where it
// shows in Correspondence, the list closes saying what was attached, and it is offered
// no more. Not offered on a file sent on.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, diarise, openFromInbox, sendTo } from './steps.ts';
import { wrapRecordsTable } from '../storage/records-table.ts';

describe('attach receipt', () => {
  it('reads my receipts when the list is opened, not with the file', async () => {
    const device = newDevice();
    // Reads of my inbox (`records` by holder), and whether the list had been asked for.
    let asked = false;
    const reads: boolean[] = [];
    wrapRecordsTable(device.db, 'inbox-reads', (table) => ({
      query: (req) => {
        if (req.query.index.name === '[holder+holderSince]') reads.push(asked);
        return table.query(req);
      },
    }));
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const file = await createFile(device, EN, 'Encroachment at Sabhawala');
    await diarise(device, EN, 'Complaint of the gram pradhan', 'Gram Pradhan');
    await openFromInbox(device, EN, file);
    await screen.findByRole('region', { name: 'Correspondence' });
    reads.length = 0;

    asked = true;
    await user.click(screen.getByRole('button', { name: 'Attach receipt' }));
    const list = await screen.findByRole('list', { name: 'Attach receipt' });
    await expect.poll(() => within(list).queryAllByRole('listitem')).toHaveLength(1);
    expect(reads).toContain(true);
    expect(reads).not.toContain(false);
  });

  it('lists my receipts in no file, narrows them, attaches one', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const file = await createFile(device, EN, 'Encroachment at Sabhawala');
    await diarise(device, EN, 'Complaint of the gram pradhan', 'Gram Pradhan');
    device.clock.now += 60_000;
    await diarise(device, EN, 'Report of the patwari', 'Patwari Sabhawala');
    await openFromInbox(device, EN, file);

    await user.click(screen.getByRole('button', { name: 'Attach receipt' }));
    const list = await screen.findByRole('list', { name: 'Attach receipt' });
    await expect.poll(() => within(list).getAllByRole('listitem')).toHaveLength(2);
    const rows = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(rows).toEqual([
      expect.stringMatching(/ — Report of the patwari · from Patwari Sabhawala · /),
      expect.stringMatching(/ — Complaint of the gram pradhan · from Gram Pradhan · /),
    ]);
    const older = /^(VKN\/\S+) /.exec(rows[1] ?? '')?.[1] ?? '?';
    await user.type(screen.getByRole('searchbox', { name: 'Find receipt' }), 'pradhan');
    await expect.poll(() => within(list).getAllByRole('listitem')).toHaveLength(1);
    await user.click(within(list).getByRole('button', { name: `Attach ${older} to this file` }));

    // The list closes and says what was attached (it stayed open, the receipt just gone).
    expect(
      await screen.findByText(`Attached ${older} to this file; it is in Correspondence.`),
    ).toHaveAttribute('role', 'status');
    const open = screen.getByRole('button', { name: 'Attach receipt' });
    expect(open).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('list', { name: 'Attach receipt' })).toBeNull();
    expect(open).toHaveFocus();
    const side = screen.getByRole('region', { name: 'Correspondence' });
    expect(await within(side).findByRole('link', { name: older })).toBeInTheDocument();
    // Opened again, for the next one: the search is empty and the attached one is gone.
    await user.click(open);
    expect(screen.queryByText(/to this file; it is in Correspondence/)).toBeNull();
    expect(screen.getByRole('searchbox', { name: 'Find receipt' })).toHaveValue('');
    const left = await screen.findByRole('list', { name: 'Attach receipt' });
    await expect
      .poll(() =>
        within(left)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      )
      .toEqual([expect.stringContaining('Report of the patwari')]);

    // Once the file is sent on, it is not mine to attach to.
    await sendTo(device, EN, TEHSILDAR.id);
    expect(screen.queryByRole('button', { name: 'Attach receipt' })).toBeNull();
  });

  it('finds a Hindi receipt by what is typed in Roman, as the inbox search does', async () => {
    // The picker matched only the letters as typed: "pradhan" found nothing of ग्राम प्रधान.
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const file = await createFile(device, EN, 'सभावाला में अतिक्रमण');
    await diarise(device, EN, 'अवैध कब्जे की शिकायत', 'ग्राम प्रधान, सभावाला');
    await diarise(device, EN, 'पटवारी की रिपोर्ट', 'पटवारी, सभावाला');
    await openFromInbox(device, EN, file);
    await device.user.click(screen.getByRole('button', { name: 'Attach receipt' }));
    const shown = async () =>
      within(await screen.findByRole('list', { name: 'Attach receipt' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent ?? '');
    await expect.poll(shown).toHaveLength(2);
    const find = screen.getByRole('searchbox', { name: 'Find receipt' });
    // As a person types, the list narrows and never empties on the way.
    for (const letter of 'pradhan') {
      await device.user.type(find, letter);
      expect(screen.queryByText('No receipt matches.')).toBeNull();
    }
    await expect.poll(shown).toEqual([expect.stringContaining('अवैध कब्जे की शिकायत')]);
    await device.user.clear(find);
    await device.user.type(find, 'patwari');
    await expect.poll(shown).toEqual([expect.stringContaining('पटवारी की रिपोर्ट')]);
  });

  it('speaks Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await device.user.click(screen.getByRole('link', { name: hi['nav.newFile'] }));
    await device.user.type(await screen.findByLabelText(hi['newFile.subject']), 'सीमांकन');
    await device.user.click(screen.getByRole('button', { name: hi['newFile.create'] }));
    await device.user.click(await screen.findByRole('button', { name: hi['attach.button'] }));
    expect(await screen.findByText(hi['attach.none'])).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: hi['attach.find'] })).toBeInTheDocument();
  });
});
