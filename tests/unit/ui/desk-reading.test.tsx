// Reading at a desk (issue 12): "pending 0 days" reads today; a closed file does
// not read as pending in search; a letter is from its writer (via the colleague
// who sent it on); closing a file asks first, in Hindi and English; Hindi times
// carry no Latin am/pm.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { closeShownFile, createFile, diarise, openFromInbox, sendTo } from './steps.ts';

async function rowTexts(n: Names): Promise<string[]> {
  const region = await screen.findByRole('region', { name: n.inbox });
  return within(region)
    .queryAllByRole('row')
    .slice(1)
    .map((r) => r.textContent ?? '');
}

describe('reading at a desk', () => {
  it('reads "today" for a record that arrived today, in Hindi and English', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'आज खुली पत्रावली');
    await device.user.click(screen.getByRole('link', { name: HI.inbox }));
    await expect.poll(async () => (await rowTexts(HI))[0]).toContain('आज से लंबित');
    expect((await rowTexts(HI))[0]).not.toContain('0 दिन');

    device.mount({ search: '?lang=en' });
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('pending since today');
    device.clock.now += DAY;
    device.mount({ search: '?lang=en' });
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('pending 1 day');
  });

  it('asks before closing a file (Hindi), and a closed file reads as closed in search, not pending', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await createFile(device, HI, 'सीमांकन पत्रावली जो बंद होगी');

    await device.user.click(screen.getByRole('button', { name: HI.closeFile }));
    const ask = await screen.findByRole('alertdialog', { name: hi['close.confirmTitle'] });
    expect(ask).toHaveAccessibleDescription(hi['close.confirmText']);
    expect(within(ask).getByRole('button', { name: hi['confirm.cancel'] })).toHaveFocus();
    await device.user.click(within(ask).getByRole('button', { name: hi['confirm.cancel'] }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('button', { name: HI.closeFile })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: HI.reopen })).toBeNull();

    await closeShownFile(device, HI, 'B');

    await device.user.click(screen.getByRole('link', { name: HI.inbox }));
    await device.user.type(await screen.findByRole('searchbox'), 'सीमांकन');
    const results = await screen.findByRole('region', { name: hi['search.results'] });
    await expect.poll(() => within(results).queryAllByRole('row').length).toBe(2);
    const row = within(results).getAllByRole('row')[1] as HTMLElement;
    expect(row).toHaveTextContent(hi['status.closed']);
    expect(row).not.toHaveTextContent('लंबित');
  });

  it('asks before closing a file in English too', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Encroachment, Sabhawala');
    await device.user.click(screen.getByRole('button', { name: EN.closeFile }));
    const ask = await screen.findByRole('alertdialog', { name: en['close.confirmTitle'] });
    await device.user.keyboard('{Escape}');
    expect(ask).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: EN.reopen })).toBeNull();
    await closeShownFile(device, EN, 'A');
  });

  it('shows a letter as from its writer, and via the colleague who sent it on', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const diary = await diarise(device, EN, 'Census duty roster', 'Collector, Dehradun');
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('from Collector, Dehradun');
    expect((await rowTexts(EN))[0]).not.toContain('from —');
    await openFromInbox(device, EN, diary);
    await sendTo(device, EN, TEHSILDAR.id);
    await signOutOf(device, EN);
    await signInAs(device, EN, TEHSILDAR.id);
    await expect.poll(async () => (await rowTexts(EN))[0]).toContain('from Collector, Dehradun');
    expect((await rowTexts(EN))[0]).toContain('via Sunita Rawat');
  });

  it('writes Hindi times without a Latin am/pm on the file page', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    device.clock.now += 10 * 3_600_000; // afternoon in India
    await createFile(device, HI, 'दोपहर की पत्रावली');
    const movement = await screen.findByRole('region', { name: hi['file.movement'] });
    expect(movement.textContent).toMatch(/\d{2}:\d{2}/);
    expect(movement.textContent).not.toMatch(/\b(am|pm)\b/i);
  });
});
