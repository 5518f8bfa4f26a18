// The inbox: records with me, oldest waiting first, each with number, subject,
// from whom and its pending age; an empty state; and the "sent by me" tab.
import { describe, expect, it } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, sendTo } from './steps.ts';

describe('inbox', () => {
  it('lists what waits with me, oldest first, with its age', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    expect(await within(inbox).findByText('Nothing is pending with you.')).toBeInTheDocument();

    const older = await createFile(device, EN, 'Older matter');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += 3 * DAY;
    const newer = await createFile(device, EN, 'Newer matter');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += 1 * DAY;
    await signOutOf(device, EN);
    await signInAs(device, EN, TEHSILDAR.id);

    const region = await screen.findByRole('region', { name: EN.inbox });
    await expect.poll(() => within(region).queryAllByRole('row').length).toBe(3);
    const texts = within(region)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent ?? '');
    expect(texts[0]).toContain(older);
    expect(texts[0]).toContain('pending 4 days');
    expect(texts[0]).toContain('from Sunita Rawat');
    expect(texts[1]).toContain(newer);
    expect(texts[1]).toContain('pending 1 day');
  });
});
