// The send dialog's recipients (issue 12): each shows name, designation and office,
// grouped by office, so two tehsildars are told apart; the trainer is nobody's
// recipient. In Hindi and English.
import { describe, expect, it } from 'vitest';
import type { Directory, Person } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, DIRECTORY, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile } from './steps.ts';

const office = (id: string, hi: string, en: string) => ({
  id: asOfficeId(id),
  code: id.slice(0, 3).toUpperCase(),
  kind: 'tehsil' as const,
  name: { hi, en },
  parent: asOfficeId('dehradun'),
});

function someone(id: string, name: [string, string], role: Person['role'], at: string): Person {
  const designation =
    role === 'trainer' ? { hi: 'प्रशिक्षक', en: 'Trainer' } : { hi: 'तहसीलदार', en: 'Tehsildar' };
  return {
    id: asPersonId(id),
    name: { hi: name[0], en: name[1] },
    designation,
    role,
    office: asOfficeId(at),
  };
}

/** Three tehsildars in three tehsils, and a trainer listed in the collectorate. */
const DISTRICT: Directory = {
  ...DIRECTORY,
  offices: [
    ...DIRECTORY.offices,
    office('chakrata', 'तहसील चकराता', 'Tehsil Chakrata'),
    office('kalsi', 'तहसील कालसी', 'Tehsil Kalsi'),
  ],
  people: [
    ...DIRECTORY.people,
    someone('tehsildar.chakrata', ['रमेश जोशी', 'Ramesh Joshi'], 'tehsildar', 'chakrata'),
    someone('tehsildar.kalsi', ['गीता नेगी', 'Geeta Negi'], 'tehsildar', 'kalsi'),
    someone('trainer', ['प्रशिक्षक', 'Course Trainer'], 'trainer', 'dehradun'),
  ],
};

/** The clerk's send dialog open on a new file, and the device. */
async function sendDialog(lang: 'en' | 'hi', n: Names) {
  const device = newDevice({ directory: DISTRICT });
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  await createFile(device, n, 'Boundary dispute between two tehsils');
  await device.user.click(screen.getByRole('button', { name: n.send }));
  return { device, dialog: await screen.findByRole('dialog') };
}

async function openSendDialog(lang: 'en' | 'hi', n: Names) {
  const { dialog } = await sendDialog(lang, n);
  return within(dialog).getByLabelText(n.sendTo);
}

/** The picker as a person reads it: each group's label and its options' text. */
function groupsOf(picker: HTMLElement): [string, string[]][] {
  return [...picker.querySelectorAll('optgroup')].map((g) => [
    g.label,
    [...g.querySelectorAll('option')].map((o) => o.textContent ?? ''),
  ]);
}

describe('the send dialog', () => {
  it('names each recipient with designation and office, grouped by office, and never the trainer', async () => {
    const picker = await openSendDialog('en', EN);
    const groups = groupsOf(picker);
    expect(groups[0]).toEqual([
      'Tehsil Vikasnagar',
      [
        'Mohan Singh Negi, Kanungo — Tehsil Vikasnagar',
        'Anita Bisht, Tehsildar — Tehsil Vikasnagar',
      ],
    ]);
    expect(groups).toContainEqual([
      'Tehsil Chakrata',
      ['Ramesh Joshi, Tehsildar — Tehsil Chakrata'],
    ]);
    expect(groups).toContainEqual(['Tehsil Kalsi', ['Geeta Negi, Tehsildar — Tehsil Kalsi']]);
    expect(picker.textContent).not.toContain('Course Trainer');
    expect(within(picker).getByRole('option', { name: /Anita Bisht/ })).toHaveValue(TEHSILDAR.id);
  });

  it('does the same in Hindi', async () => {
    const picker = await openSendDialog('hi', HI);
    const options = within(picker)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toContain('अनीता बिष्ट, तहसीलदार — तहसील विकासनगर');
    expect(options).toContain('रमेश जोशी, तहसीलदार — तहसील चकराता');
    expect(options.join(' ')).not.toContain('प्रशिक्षक');
    expect(options[0]).toBe(hi['send.choose']);
  });

  it.each([
    ['en', EN, en['send.recipientRequired']],
    ['hi', HI, hi['send.recipientRequired']],
  ] as const)('takes back "Choose a recipient" once one is chosen (%s)', async (lang, n, said) => {
    const { device, dialog } = await sendDialog(lang, n);
    await device.user.click(within(dialog).getByRole('button', { name: n.send }));
    // Said beside Send to, which it describes and where Send took the person.
    expect(within(dialog).getByLabelText(n.sendTo)).toHaveAccessibleDescription(said);
    await device.user.selectOptions(within(dialog).getByLabelText(n.sendTo), TEHSILDAR.id);
    // Before, it stayed on until the next Send, though a recipient was chosen.
    expect(within(dialog).queryByText(said)).toBeNull();
  });
});
