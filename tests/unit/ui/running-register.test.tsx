// The running dispatch register on the tablet (decision 0008): in an office that keeps
// one, a letter dispatched offline shows the tablet's number and that the register
// number comes after sync — on the file page and in the dispatch register (screen, print
// and CSV). Once the server's log entry with the register number arrives (what sync
// stores), both numbers show side by side, and the printed letter carries the register
// number with the tablet's beside it. Then in Hindi.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRecordDoc, readEvents } from '@doc/record-doc.ts';
import type { Directory } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import { hi } from '@i18n/hi.ts';
import { recordStateQuery } from '@storage/services.ts';
import { CLERK, DIRECTORY, TEHSILDAR } from './fixtures.ts';
import {
  followMenuLink,
  newDevice,
  screen,
  signInAs,
  signOutOf,
  within,
  type Device,
} from './harness.tsx';
import { EN } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

const n = EN;
const RUNNING: Directory = {
  ...DIRECTORY,
  offices: DIRECTORY.offices.map((o) =>
    o.id === 'vikasnagar' ? { ...o, runningRegister: true } : o,
  ),
};
const region = () => screen.getByRole('region', { name: 'Draft letters' });
const letter = () => document.querySelector<HTMLElement>('.draft-letter') as HTMLElement;
const rows = () => within(screen.getByRole('table')).getAllByRole('row');

/** The clerk's file with one letter, approved by the tehsildar, dispatched by the clerk. */
async function dispatchedLetter(device: Device): Promise<string> {
  const { user } = device;
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, 'Flood relief, Kalsi');
  await user.click(within(region()).getByRole('button', { name: 'New draft letter' }));
  await user.type(within(region()).getByLabelText('To'), 'SDM Vikasnagar');
  await user.type(within(region()).getByLabelText('Letter'), 'आख्या प्रस्तुत है।');
  await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
  await sendTo(device, n, TEHSILDAR.id);
  await signOutOf(device, n);
  await signInAs(device, n, TEHSILDAR.id);
  await openFromInbox(device, n, number);
  await user.click(within(letter()).getByRole('button', { name: 'Approve draft' }));
  await within(letter()).findByText(/Approved by/);
  await sendTo(device, n, CLERK.id);
  await signOutOf(device, n);
  await signInAs(device, n, CLERK.id);
  await openFromInbox(device, n, number);
  await user.click(within(letter()).getByRole('button', { name: 'Dispatch' }));
  const dialog = within(region()).getByRole('form', { name: 'Dispatch the letter' });
  await user.click(within(dialog).getByRole('button', { name: 'Dispatch' }));
  await within(letter()).findByText(/Dispatch number/);
  return number;
}

/**
 * What sync stores when the server acknowledges the file: a log entry for its creation
 * and each event, in order, the dispatch's with its register number (null: none, as an
 * office relay logs its tablets' dispatches until the district's number arrives).
 */
async function serverNumbers(device: Device, fileNumber: string, serial: number | null) {
  const row = (await device.db.records.toArray()).find((r) => r.number === fileNumber);
  const id = row?.id as RecordId;
  const dispatch = (await recordStateQuery(device.db, id, device.clock.now))?.drafts[0]?.dispatch;
  if (!dispatch) throw new Error('no dispatch');
  const updates = await device.db.updates.where('recordId').equals(id).toArray();
  const doc = loadRecordDoc(updates.map((u) => u.update));
  const ids = [id as string, ...readEvents(doc).map((e) => e.id as string)];
  const at = device.clock.now;
  const year = Number(dispatch.date.slice(0, 4));
  await device.db.logEntries.bulkPut(
    ids.map((eventId, i) => ({
      recordId: id,
      eventId,
      pos: 40 + i,
      receivedAt: at,
      notBefore: at,
      ...(eventId === dispatch.eventId && serial !== null ? { register: { year, serial } } : {}),
    })),
  );
  return { tablet: dispatch.number, register: `VKN/DR/${year}/${serial}` };
}

afterEach(() => vi.restoreAllMocks());

describe('running dispatch register', () => {
  it('shows the tablet number offline, then the register number beside it after sync', async () => {
    const device = newDevice({ directory: RUNNING });
    device.mount({ search: '?lang=en' });
    const { user } = device;
    const number = await dispatchedLetter(device);
    // Offline, before sync: the tablet's number, and the register number to come.
    expect(letter()).toHaveTextContent(
      /Dispatch number: VKN\/DSP\/\d{4}\/3-1\(I\) · Register number: Register number comes after sync/,
    );

    await followMenuLink(device, 'Dispatch register');
    await screen.findByRole('table');
    expect(screen.getByText(/keeps one running dispatch register/)).toBeInTheDocument();
    expect(rows()[0]).toHaveTextContent(/^S\. no\.Dispatch numberRegister numberDate/);
    expect(rows()[1]).toHaveTextContent(/^1VKN\/DSP\/\d{4}\/3-1\(I\)After sync/);

    const { tablet, register } = await serverNumbers(device, number, 17);
    await expect.poll(() => rows()[1]?.textContent).toContain(`${tablet}${register}`);

    let printed = '';
    vi.spyOn(window, 'print').mockImplementation(() => {
      printed = document.querySelector('body > .register-paper')?.textContent ?? '';
    });
    await user.click(screen.getByRole('button', { name: 'Print register' }));
    expect(printed).toContain(`${tablet}${register}`);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const lines = (device.downloads.at(-1)?.text ?? '').replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'S. no.,Dispatch number,Register number,Date,Dispatch mode,To,Letter subject,File',
    );
    expect(lines[1]).toContain(`1,${tablet},${register},`);

    // The file page and the printed letter: the register number, the tablet's beside it.
    await openFromInbox(device, n, number);
    expect(letter()).toHaveTextContent(`Dispatch number: ${tablet} · Register number: ${register}`);
    let paper = '';
    vi.spyOn(window, 'print').mockImplementation(() => {
      paper = document.querySelector('body > .letter-paper')?.textContent ?? '';
      window.dispatchEvent(new Event('afterprint'));
    });
    await user.click(within(letter()).getByRole('button', { name: 'Print letter' }));
    await expect.poll(() => paper).toContain(`No. ${register}(Tablet number ${tablet})`);

    // In Hindi.
    await user.click(screen.getByRole('button', { name: 'Change language: हिन्दी' }));
    await within(letter()).findByText(new RegExp(hi['runningRegister.number']));
    expect(letter()).toHaveTextContent(`${hi['runningRegister.number']}: ${register}`);
  }, 90_000);

  // Decision 0010, amendment 1: an office relay logs the dispatch and numbers none of its own.
  it('says the district gives the number of a dispatch logged without one, then shows the district’s', async () => {
    const device = newDevice({ directory: RUNNING });
    device.mount({ search: '?lang=en' });
    const { user } = device;
    const number = await dispatchedLetter(device);
    const { tablet } = await serverNumbers(device, number, null);
    await expect
      .poll(() => letter().textContent)
      .toContain(
        `Dispatch number: ${tablet} · Register number: Not given yet: the district server gives it once the dispatch reaches it`,
      );
    expect(letter()).not.toHaveTextContent(/VKN\/DR\//);
    await user.click(screen.getByRole('button', { name: 'Change language: हिन्दी' }));
    await expect
      .poll(() => letter().textContent)
      .toContain(`${hi['runningRegister.number']}: ${hi['runningRegister.notGiven']}`);
    expect(hi['runningRegister.notGiven']).toContain('ज़िला सर्वर');

    const { register } = await serverNumbers(device, number, 18);
    await expect
      .poll(() => letter().textContent)
      .toContain(`${hi['runningRegister.number']}: ${register}`);
    expect(letter()).not.toHaveTextContent(hi['runningRegister.notGiven']);
  }, 90_000);

  it('says only “Not given yet” in the register’s column, without the reason in every row', async () => {
    const device = newDevice({ directory: RUNNING });
    device.mount({ search: '?lang=en' });
    const number = await dispatchedLetter(device);
    const { tablet } = await serverNumbers(device, number, null);
    await expect.poll(() => letter().textContent).toContain('Register number: Not given yet:');
    await followMenuLink(device, 'Dispatch register');
    await screen.findByRole('table');
    await expect.poll(() => rows()[1]?.textContent).toContain(`${tablet}Not given yet`);
    expect(rows()[1]).not.toHaveTextContent('district server');
  }, 90_000);

  it('shows nothing new in an office without a running register', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await dispatchedLetter(device);
    expect(letter()).not.toHaveTextContent('Register number');
    await followMenuLink(device, 'Dispatch register');
    await screen.findByRole('table');
    expect(rows()[0]).toHaveTextContent(/^S\. no\.Dispatch numberDate/);
    expect(screen.queryByText(/running dispatch register/)).toBeNull();
  });
});
