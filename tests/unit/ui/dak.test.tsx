// Dak: diarise a receipt → diary number; it waits with me; put it into a new or an
// existing file (it then appears on the file's correspondence side), or send it on.
import { describe, expect, it } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, diarise, openFromInbox, sendTo } from './steps.ts';

describe('dak', () => {
  it('diarises a receipt and shows its diary number, then lists it with me', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const diary = await diarise(device, EN, 'Report on encroachment, village Sabhawala');
    expect(screen.getByText(`Diary number: ${diary}`)).toBeInTheDocument();
    expect(screen.getByLabelText(EN.subject)).toHaveValue('');
    // The list below the form follows the store (liveQuery), so wait for it.
    const list = await screen.findByRole('table');
    expect(await within(list).findByRole('link', { name: diary })).toBeInTheDocument();
    expect(list).toHaveTextContent('Report on encroachment, village Sabhawala');
  });

  it('refuses to diarise without the letter particulars', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await device.user.click(screen.getByRole('link', { name: EN.dak }));
    await device.user.click(await screen.findByRole('button', { name: EN.diarise }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Fill in From, Letter number');
  });

  it('puts a receipt into a new file (in Hindi)', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const diary = await diarise(device, HI, 'अतिक्रमण की आख्या');
    await device.user.click(await screen.findByRole('link', { name: diary }));
    await screen.findByRole('heading', { level: 1, name: diary });
    await device.user.click(screen.getByRole('button', { name: 'नई पत्रावली में रखें' }));
    await screen.findByRole('heading', {
      level: 1,
      name: (name) => name.startsWith('VKN/') && name !== diary,
    });
    const side = screen.getByRole('region', { name: 'पत्राचार' });
    expect(within(side).getByRole('link', { name: diary })).toBeInTheDocument();
    expect(side).toHaveTextContent('अतिक्रमण की आख्या');
  });

  it('puts a receipt into an existing file', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const fileNumber = await createFile(device, EN, 'Encroachment cases, 2026');
    const diary = await diarise(device, EN, 'Second complaint, Sabhawala');
    await user.click(await screen.findByRole('link', { name: diary }));
    await screen.findByRole('heading', { level: 1, name: diary });
    await user.selectOptions(
      await screen.findByLabelText('Existing file'),
      fileNumber + ' — Encroachment cases, 2026',
    );
    await user.click(screen.getByRole('button', { name: 'Put in file' }));
    await screen.findByRole('heading', { level: 1, name: fileNumber });
    const side = screen.getByRole('region', { name: 'Correspondence' });
    expect(within(side).getByRole('link', { name: diary })).toBeInTheDocument();

    // The receipt now says where it went and can no longer be put anywhere else.
    await user.click(within(side).getByRole('link', { name: diary }));
    await screen.findByRole('heading', { level: 1, name: diary });
    expect(
      await screen.findByRole('link', { name: `Put in file ${fileNumber}` }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Put in a new file' })).toBeNull();
  });

  it('sends a receipt to the tehsildar', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const diary = await diarise(device, EN, 'Court summons, case 77/2026');
    await device.user.click(await screen.findByRole('link', { name: diary }));
    await screen.findByRole('heading', { level: 1, name: diary });
    await sendTo(device, EN, TEHSILDAR.id, 'for perusal');
    await signOutOf(device, EN);
    await signInAs(device, EN, TEHSILDAR.id);
    await openFromInbox(device, EN, diary);
    expect(
      screen.getByText(/Letter 1432\/Reader\/2026 dated 18 Nov 2026 from SDM Vikasnagar/),
    ).toBeInTheDocument();
  });
});
