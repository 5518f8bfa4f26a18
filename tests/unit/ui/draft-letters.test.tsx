// Draft letters on the file page (issue 16): the clerk drafts from a template and
// revises, the tehsildar approves (the text freezes), the clerk dispatches, and
// two letters of one file on one day are numbered …(I) and …(II).
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';
import { newPendencyDevice } from './pendency-harness.tsx';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';

const n = EN;
const region = () => screen.getByRole('region', { name: 'Draft letters' });
const drafts = () =>
  within(region())
    .getAllByRole('listitem')
    .filter((li) => li.matches('.draft-letter'));

async function newDraft(device: Device, template: string, to: string, hindi?: string) {
  const { user } = device;
  await user.click(within(region()).getByRole('button', { name: 'New draft letter' }));
  await user.selectOptions(within(region()).getByLabelText('Template'), template);
  await user.type(within(region()).getByLabelText('To'), to);
  if (hindi !== undefined) await user.type(within(region()).getByLabelText('Letter'), hindi);
  await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
  await expect
    .poll(() => within(region()).queryByRole('button', { name: 'Save letter' }))
    .toBeNull();
}

describe('draft letters on the file page', () => {
  it('drafts, revises, approves and dispatches, each letter numbered …(I), …(II)', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Mutation of khata 112, Dhakrani');

    // An order fills both languages; the clerk adds the addressee.
    await newDraft(device, 'Order (Hindi and English)', 'Patwari, Dhakrani');
    const order = drafts()[0] as HTMLElement;
    expect(order).toHaveTextContent('ORDER');
    expect(order).toHaveTextContent(`On perusal of the records on file no. ${number}`);
    expect(order).toHaveTextContent(/Awaiting approval · 0 days/);
    expect(within(order).queryByRole('button', { name: 'Approve draft' })).toBeNull();

    // A revision is a new version, saying who changed what.
    await user.click(within(order).getByRole('button', { name: 'Edit draft' }));
    const letter = within(region()).getByLabelText('Letter');
    await user.clear(letter);
    await user.type(letter, 'आदेश: खाता 112 का दाखिल-खारिज स्वीकृत।');
    await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
    await within(order).findByText('Versions (2)');
    expect(order).toHaveTextContent(/Version 2 — Sunita Rawat, .*: Hindi text/);

    // A blank second letter needs its text before it saves.
    await user.click(within(region()).getByRole('button', { name: 'New draft letter' }));
    await user.type(within(region()).getByLabelText('To'), 'SDM Vikasnagar');
    await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
    expect(await within(region()).findByRole('alert')).toHaveTextContent(
      'To, subject and the Hindi text are required.',
    );
    await user.type(within(region()).getByLabelText('Letter'), 'महोदय, आख्या संलग्न है।');
    await user.click(within(region()).getByRole('button', { name: 'Save letter' }));
    await expect.poll(() => drafts().length).toBe(2);
    await sendTo(device, n, TEHSILDAR.id);
    expect(within(region()).queryByRole('button', { name: 'Edit draft' })).toBeNull();

    // The tehsildar approves both: each freezes.
    await signOutOf(device, n);
    await signInAs(device, n, TEHSILDAR.id);
    await openFromInbox(device, n, number);
    for (const i of [0, 1]) {
      const d = drafts()[i] as HTMLElement;
      await user.click(within(d).getByRole('button', { name: 'Approve draft' }));
      await within(d).findByText(/Approved by Anita Bisht on .* · can no longer be edited/);
      expect(within(d).queryByRole('button', { name: 'Edit draft' })).toBeNull();
    }
    expect(drafts()[0]).toHaveTextContent('(version 2)');
    expect(drafts()[0]).toHaveTextContent('आदेश: खाता 112 का दाखिल-खारिज स्वीकृत।');
    await sendTo(device, n, CLERK.id);

    // The clerk dispatches both on the same day: one number, two parts.
    await signOutOf(device, n);
    await signInAs(device, n, CLERK.id);
    await openFromInbox(device, n, number);
    for (const [i, mode] of [
      [0, 'Registered post'],
      [1, 'By hand'],
    ] as const) {
      const d = drafts()[i] as HTMLElement;
      await user.click(within(d).getByRole('button', { name: 'Dispatch' }));
      const dialog = within(region()).getByRole('form', { name: 'Dispatch the letter' });
      await user.selectOptions(within(dialog).getByLabelText('Dispatch mode'), mode);
      await user.click(within(dialog).getByRole('button', { name: 'Dispatch' }));
      await within(d).findByText(/Dispatch number/);
    }
    expect(drafts()[0]).toHaveTextContent(
      /by Registered post · Dispatch number: VKN\/DSP\/2026\/3-1\(I\)/,
    );
    expect(drafts()[1]).toHaveTextContent(
      /by By hand · Dispatch number: VKN\/DSP\/2026\/3-1\(II\)/,
    );
    expect(within(region()).queryByRole('button', { name: 'Dispatch' })).toBeNull();
  });

  it('reads in Hindi: the region, the button and a report’s text', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'आपदा राहत');
    const r = screen.getByRole('region', { name: hi['letters.region'] });
    await device.user.click(within(r).getByRole('button', { name: hi['letters.new'] }));
    await device.user.selectOptions(
      within(r).getByLabelText(hi['letters.template']),
      hi['letters.template.report'],
    );
    const text = within(r).getByLabelText<HTMLTextAreaElement>(hi['letters.hindi']);
    expect(text.value).toContain('तहसील विकासनगर की आख्या निम्नवत प्रस्तुत है');
    await device.user.click(within(r).getByRole('button', { name: hi['letters.save'] }));
    await within(r).findByText(/अनुमोदन हेतु लंबित · 0 दिन/);
  });
});

describe('choosing a template', () => {
  it('keeps what the person typed, and fills in the rest', async () => {
    // The addressee typed first was wiped by choosing a template after it.
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'आपदा राहत');
    const r = screen.getByRole('region', { name: hi['letters.region'] });
    await device.user.click(within(r).getByRole('button', { name: hi['letters.new'] }));
    await device.user.type(within(r).getByLabelText(hi['letters.to']), 'श्री राम प्रसाद');
    await device.user.selectOptions(
      within(r).getByLabelText(hi['letters.template']),
      hi['letters.template.report'],
    );
    const to = within(r).getByLabelText<HTMLTextAreaElement>(hi['letters.to']);
    const text = within(r).getByLabelText<HTMLTextAreaElement>(hi['letters.hindi']);
    expect(to.value).toBe('श्री राम प्रसाद');
    expect(text.value).toContain('तहसील विकासनगर की आख्या निम्नवत प्रस्तुत है');
    // The template's own text, not typed by the person, gives way to the next template's.
    await device.user.selectOptions(
      within(r).getByLabelText(hi['letters.template']),
      hi['letters.template.blank'],
    );
    expect(text.value).not.toContain('आख्या निम्नवत');
    expect(to.value).toBe('श्री राम प्रसाद');
  });
});

describe('an incomplete letter', () => {
  it('says what is required until it is filled in, then no more', async () => {
    // The message stayed under a letter already filled in, as if it were still wrong.
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'आपदा राहत');
    const r = screen.getByRole('region', { name: hi['letters.region'] });
    await device.user.click(within(r).getByRole('button', { name: hi['letters.new'] }));
    await device.user.click(within(r).getByRole('button', { name: hi['letters.save'] }));
    expect(within(r).getByRole('alert')).toHaveTextContent(hi['letters.required']);
    await device.user.type(within(r).getByLabelText(hi['letters.to']), 'श्री राम प्रसाद');
    expect(within(r).getByRole('alert')).toHaveTextContent(hi['letters.required']);
    await device.user.type(within(r).getByLabelText(hi['letters.hindi']), 'महोदय,');
    expect(within(r).queryByText(hi['letters.required'])).toBeNull();
  });
});

describe('pendency knows draft letters', () => {
  it('counts the tehsildar’s drafts awaiting approval and lists them with their age', async () => {
    const device = newPendencyDevice(() => {
      throw new Error('the office review is made on the device');
    });
    device.mount({ search: '?lang=en' });
    await signInAs(device, n, CLERK.id);
    const number = await createFile(device, n, 'Relief for landslide at Kalsi');
    await newDraft(device, 'Report to the district', 'Collector, Dehradun');
    await sendTo(device, n, TEHSILDAR.id);
    await signOutOf(device, n);
    await writeKv(device.db, KV_KEYS.clockOffset, 0);
    await signInAs(device, n, TEHSILDAR.id);
    await device.user.click(screen.getByRole('link', { name: n.pendency }));
    const pendency = await screen.findByRole('region', { name: n.pendency });
    const people = await within(pendency).findByRole('table', { name: 'Pendency by person' });
    await device.user.click(
      within(people).getByRole('button', {
        name: 'Anita Bisht, Drafts awaiting approval: 1 record',
      }),
    );
    const list = await screen.findByRole('region', {
      name: 'Anita Bisht — Drafts awaiting approval',
    });
    expect(
      within(list).getByRole('row', { name: new RegExp(number.replace(/\//g, '\\/')) }),
    ).toHaveTextContent(
      'Letters: 1 awaiting approval (oldest 0 days), 0 awaiting dispatch (oldest 0 days)',
    );
  });
});
