// Link file (issue 17): on a file I hold, Link file offers the other files on this tablet,
// narrowed by what I type; the linked file shows in Linked files with its subject and a
// link that opens it, where the first file shows as linking to it; a noting quoting the
// linked file's number is a link to it; once the file is sent on, linking is its holder's.
// The holder removes a link: neither file shows it any more. The holder of the linked
// file removes it too, from that file's side, though they no longer hold the linking one.
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';
import { wrapRecordsTable } from '../storage/records-table.ts';

/** The clerk, in English, holding A and B, on A's page (its Linked files region). */
async function twoFiles(device: Device) {
  device.mount({ search: '?lang=en' });
  const { user } = device;
  await signInAs(device, EN, CLERK.id);
  const a = await createFile(device, EN, 'Encroachment at Sabhawala');
  const b = await createFile(device, EN, 'Boundary of khasra 212');
  await openFromInbox(device, EN, a);
  const region = screen.getByRole('region', { name: 'Linked files' });
  return { user, a, b, region };
}

/** The clerk, in English, holding A and B, with A linked to B (on A's page, region shown). */
async function linkedPair() {
  const device = newDevice();
  const { user, a, b, region } = await twoFiles(device);
  await user.click(within(region).getByRole('button', { name: 'Link file' }));
  const list = await within(region).findByRole('list', { name: 'Link file' });
  await user.click(await within(list).findByRole('button', { name: `Link ${b}` }));
  await within(region).findByRole('link', { name: b });
  // The list closed with the button tapped: focus is back on Link file.
  expect(within(region).getByRole('button', { name: 'Link file' })).toHaveFocus();
  return { device, user, a, b, region };
}

describe('Link file', () => {
  it('links another file; each shows the other and a noting’s number opens it', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const a = await createFile(device, EN, 'Encroachment at Sabhawala');
    const b = await createFile(device, EN, 'Boundary of khasra 212');
    await createFile(device, EN, 'Pension of a retired patwari');
    await openFromInbox(device, EN, a);

    const region = screen.getByRole('region', { name: 'Linked files' });
    expect(within(region).getByText('No linked files.')).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'Link file' }));
    const list = await within(region).findByRole('list', { name: 'Link file' });
    await expect.poll(() => within(list).getAllByRole('listitem')).toHaveLength(2);
    // Not the file itself.
    expect(within(list).queryByText(new RegExp(`^${a} `))).toBeNull();
    await user.type(within(region).getByRole('searchbox', { name: /Find a file/ }), 'khasra');
    await expect.poll(() => within(list).getAllByRole('listitem')).toHaveLength(1);
    await user.click(within(list).getByRole('button', { name: `Link ${b}` }));

    const toB = await within(region).findByRole('link', { name: b });
    expect(toB.closest('li')).toHaveTextContent(/Boundary of khasra 212 · linked by /);
    // Linked once: no longer offered.
    await user.click(within(region).getByRole('button', { name: 'Link file' }));
    const again = await within(region).findByRole('list', { name: 'Link file' });
    await expect.poll(() => within(again).getAllByRole('listitem')).toHaveLength(1);
    expect(within(again).queryByRole('button', { name: `Link ${b}` })).toBeNull();

    await user.type(screen.getByLabelText(EN.noting), `The boundary is on ${b}; see it.`);
    await sendTo(device, EN, TEHSILDAR.id);
    const sheet = screen.getByRole('region', { name: EN.noteSheet });
    const quoted = await within(sheet).findByRole('link', { name: `Linked file ${b}` });
    expect(quoted).toHaveTextContent(b);
    // Sent on: linking is the holder's now.
    expect(within(region).queryByRole('button', { name: 'Link file' })).toBeNull();

    await user.click(quoted);
    await screen.findByRole('heading', { level: 1, name: b });
    const other = screen.getByRole('region', { name: 'Linked files' });
    const toA = await within(other).findByRole('link', { name: a });
    expect(toA.closest('li')).toHaveTextContent(/Encroachment at Sabhawala · links to this file/);
    await user.click(toA);
    await screen.findByRole('heading', { level: 1, name: a });
  });

  it('speaks Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    const { user } = device;
    await signInAs(device, HI, CLERK.id);
    const a = await createFile(device, HI, 'सीमांकन');
    const b = await createFile(device, HI, 'खसरा 212 की सीमा');
    await openFromInbox(device, HI, a);
    const region = screen.getByRole('region', { name: hi['link.heading'] });
    expect(within(region).getByText(hi['link.empty'])).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: hi['link.button'] }));
    expect(within(region).getByText(hi['link.hint'])).toBeInTheDocument();
    const list = await within(region).findByRole('list', { name: hi['link.button'] });
    await user.click(await within(list).findByRole('button', { name: `${b} लिंक करें` }));
    const toB = await within(region).findByRole('link', { name: b });
    expect(toB.closest('li')).toHaveTextContent(/खसरा 212 की सीमा · .* द्वारा लिंक/);
    await user.click(within(region).getByRole('button', { name: `${b} का लिंक हटाएँ` }));
    await within(region).findByText(hi['link.empty']);
  });

  it('removes a link: neither file shows it any more', async () => {
    const { device, user, a, b, region } = await linkedPair();
    await user.click(within(region).getByRole('button', { name: `Remove link to ${b}` }));
    await within(region).findByText('No linked files.');
    // Not lost with the removed row's button: on the region's heading.
    expect(within(region).getByRole('heading', { name: 'Linked files' })).toHaveFocus();
    // Escape closes Link file's list, focus back on the button.
    await user.click(within(region).getByRole('button', { name: 'Link file' }));
    await user.type(await within(region).findByRole('searchbox'), 'khasra{Escape}');
    expect(within(region).queryByRole('searchbox')).toBeNull();
    expect(within(region).getByRole('button', { name: 'Link file' })).toHaveFocus();
    await openFromInbox(device, EN, b);
    const other = screen.getByRole('region', { name: 'Linked files' });
    expect(within(other).getByText('No linked files.')).toBeInTheDocument();
    expect(within(other).queryByRole('link', { name: a })).toBeNull();
  });

  it('removes a link from the linked file, by its holder', async () => {
    const { device, user, a, b, region } = await linkedPair();
    // A goes to the tehsildar: the clerk holds only B now.
    await user.type(screen.getByLabelText(EN.noting), 'Please see the boundary.');
    await sendTo(device, EN, TEHSILDAR.id);
    // On A's page too the clerk may remove it, holding B; here they do so from B's page.
    await within(region).findByRole('button', { name: `Remove link to ${b}` });

    await openFromInbox(device, EN, b);
    const other = screen.getByRole('region', { name: 'Linked files' });
    const toA = await within(other).findByRole('link', { name: a });
    expect(toA.closest('li')).toHaveTextContent(/links to this file/);
    const aId = asRecordId(toA.getAttribute('href')!.replace('/r/', ''));
    expect((await device.db.records.get(aId))?.links).toHaveLength(1);
    await user.click(within(other).getByRole('button', { name: `Remove link to ${a}` }));
    await within(other).findByText('No linked files.');
    // Removed on A itself (the event is A's), for its holder and every reader.
    expect((await device.db.records.get(aId))?.links).toEqual([]);
  });

  it('removes it from either page by a holder of either file, and offers nothing to others', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    const { user } = device;
    await signInAs(device, HI, CLERK.id);
    const a = await createFile(device, HI, 'सीमांकन');
    const b = await createFile(device, HI, 'खसरा 212 की सीमा');
    await openFromInbox(device, HI, b);
    await user.type(screen.getByLabelText(HI.noting), 'कृपया देखें।');
    await sendTo(device, HI, TEHSILDAR.id);
    const linkB = async () => {
      await openFromInbox(device, HI, a);
      const region = screen.getByRole('region', { name: hi['link.heading'] });
      await user.click(within(region).getByRole('button', { name: hi['link.button'] }));
      const list = await within(region).findByRole('list', { name: hi['link.button'] });
      await user.click(await within(list).findByRole('button', { name: `${b} लिंक करें` }));
      await user.click(await within(region).findByRole('link', { name: b }));
      await screen.findByRole('heading', { level: 1, name: b });
      return screen.getByRole('region', { name: hi['link.heading'] });
    };
    // B is with the tehsildar; on B's page the clerk, who holds A, removes A's link.
    const onB = await linkB();
    await within(onB).findByRole('link', { name: a });
    await user.click(within(onB).getByRole('button', { name: `${a} का लिंक हटाएँ` }));
    await within(onB).findByText(hi['link.empty']);
    // Linked again, and A sent on too: the clerk holds neither file, nothing to remove.
    const again = await linkB();
    await user.click(await within(again).findByRole('link', { name: a }));
    await screen.findByRole('heading', { level: 1, name: a });
    await user.type(screen.getByLabelText(HI.noting), 'कृपया देखें।');
    await sendTo(device, HI, TEHSILDAR.id);
    const onA = screen.getByRole('region', { name: hi['link.heading'] });
    await within(onA).findByRole('link', { name: b });
    expect(within(onA).queryByRole('button', { name: `${b} का लिंक हटाएँ` })).toBeNull();
    await user.click(within(onA).getByRole('link', { name: b }));
    await screen.findByRole('heading', { level: 1, name: b });
    const lastB = screen.getByRole('region', { name: hi['link.heading'] });
    await within(lastB).findByRole('link', { name: a });
    expect(within(lastB).queryByRole('button', { name: `${a} का लिंक हटाएँ` })).toBeNull();
  });

  it('says Loading while the files are read, also when opened again, not "no file"', async () => {
    const device = newDevice();
    const { user, b, region } = await twoFiles(device);
    const button = within(region).getByRole('button', { name: 'Link file' });
    await user.click(button);
    await within(region).findByRole('button', { name: `Link ${b}` });
    await user.click(button);

    // Every text the region shows from the tap until the list is there.
    const shown: string[] = [];
    const observer = new MutationObserver(() => shown.push(region.textContent ?? ''));
    observer.observe(region, { childList: true, subtree: true, characterData: true });
    await user.click(button);
    await within(region).findByRole('button', { name: `Link ${b}` });
    observer.disconnect();
    expect(shown.some((text) => text.includes('Loading…'))).toBe(true);
    expect(shown.filter((text) => text.includes('No other file on this tablet'))).toEqual([]);
  });

  it('reads the files it offers in one request, not one per file', async () => {
    const device = newDevice();
    // Cursors opened over `records` (a Dexie filter walks one, a request per row).
    let cursors = 0;
    wrapRecordsTable(device.db, 'count-cursors', (table) => ({
      openCursor: async (req) => {
        const cursor = await table.openCursor(req);
        if (cursor !== null) cursors += 1;
        return cursor;
      },
    }));
    const { user, b, region } = await twoFiles(device);
    const before = cursors;
    await user.click(within(region).getByRole('button', { name: 'Link file' }));
    await within(region).findByRole('button', { name: `Link ${b}` });
    expect(cursors - before).toBe(0);
  });
});
