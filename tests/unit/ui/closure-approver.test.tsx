// The approver of a file's closure on the tablet (issue 17): Close file asks which officer
// approved the closure, offering only the officers of the file's office and those above it
// (not the kanungo), and will not close without one; the closed confidential file says who
// closed it and who approved, and the approver is on its access list. An officer closing
// is offered as their own approver. In English and Hindi.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { closeShownFile, createFile } from './steps.ts';

async function confidentialFile(device: Device, n: Names, cat: typeof en, subject: string) {
  const { user } = device;
  await user.click(screen.getByRole('link', { name: n.newFile }));
  await user.type(await screen.findByLabelText(n.subject), subject);
  await user.selectOptions(screen.getByLabelText(cat['grade.label']), cat['grade.confidential']);
  await user.click(screen.getByRole('button', { name: n.createFile }));
  await screen.findByRole('heading', { level: 1, name: /^VKN\// });
}

const optionTexts = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map((o) => o.textContent);

describe('the approver of a closure', () => {
  it.each([
    ['English', '?lang=en', EN, en, 'Anita Bisht, Tehsildar', 'Anita Bisht'],
    ['Hindi', '?lang=hi', HI, hi, 'अनीता बिष्ट, तहसीलदार', 'अनीता बिष्ट'],
  ] as const)(
    'is asked for, offered from the officers, and named on the closed file (%s)',
    async (_, search, n, cat, tehsildarOption, tehsildarName) => {
      const device = newDevice();
      device.mount({ search });
      await signInAs(device, n, CLERK.id);
      const { user } = device;
      await confidentialFile(device, n, cat as typeof en, 'सतर्कता शिकायत');

      await user.click(screen.getByRole('button', { name: n.closeFile }));
      const ask = await screen.findByRole('alertdialog');
      await user.selectOptions(within(ask).getByLabelText(n.retentionCategory), 'C-3');
      const approver = within(ask).getByLabelText(n.closureApprover);
      expect(approver).toHaveValue('');
      expect(approver).toHaveAccessibleDescription(cat['closure.approverHint']);
      // The office's tehsildar and the district's magistrate; not the kanungo, not the clerk.
      expect(optionTexts(approver)).toEqual([
        cat['closure.choose'],
        tehsildarOption,
        cat === en ? 'Alok Kumar Pandey, District Magistrate' : 'आलोक कुमार पाण्डेय, जिलाधिकारी',
      ]);
      // Without an approver the file stays open and the person is told why.
      await user.click(within(ask).getByRole('button', { name: n.closeConfirm }));
      expect(within(ask).getByRole('alert')).toHaveTextContent(cat['closure.approverNeeded']);
      await user.click(within(ask).getByRole('button', { name: cat['confirm.cancel'] }));
      expect(screen.queryByRole('button', { name: n.reopen })).toBeNull();

      await closeShownFile(device, n, 'C-3', undefined, TEHSILDAR.id);
      const closedLine = cat['closure.onFile']
        .replace('{closer}', cat === en ? 'Sunita Rawat' : 'सुनीता रावत')
        .replace('{approver}', tehsildarName)
        .split('{date}');
      const line = await screen.findByText(
        (text) => text.startsWith(closedLine[0] ?? '') && text.endsWith(closedLine[1] ?? ''),
      );
      expect(line).toBeInTheDocument();
      const access = screen.getByRole('list', { name: cat['grade.accessList'] });
      expect(within(access).getByText(tehsildarName)).toBeInTheDocument();
      const [row] = await device.db.records.toArray();
      expect(row?.readers).toEqual([TEHSILDAR.id]);
    },
  );

  it('offers an officer closing a file themselves as its approver', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, TEHSILDAR.id);
    await createFile(device, EN, 'Tehsil diary 2025');
    await device.user.click(screen.getByRole('button', { name: EN.closeFile }));
    const ask = await screen.findByRole('alertdialog');
    expect(within(ask).getByLabelText(EN.closureApprover)).toHaveValue(TEHSILDAR.id);
    await device.user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await closeShownFile(device, EN, 'C-1');
    await screen.findByText(/^Closed by Anita Bisht, .*; closure approved by Anita Bisht$/);
  });
});
