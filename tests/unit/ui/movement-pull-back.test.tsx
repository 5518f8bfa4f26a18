// After a pull back (issue 12): the movement history's stay that began with it, and
// the inbox's From column, name whom the file was taken back from, never as if that
// person had sent it.
import { describe, expect, it } from 'vitest';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, sendTo } from './steps.ts';

async function pullBack(lang: 'en' | 'hi', n: Names) {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, 'Relief for landslide at Kalsi');
  await sendTo(device, n, TEHSILDAR.id);
  device.clock.now += 60_000;
  await device.user.click(await screen.findByRole('button', { name: n.pullBack }));
  await screen.findByRole('button', { name: n.send });
  return { device, number };
}

async function pullBackHistory(lang: 'en' | 'hi', n: Names, movement: string) {
  await pullBack(lang, n);
  const region = screen.getByRole('region', { name: movement });
  await expect.poll(() => within(region).getAllByRole('listitem')).toHaveLength(3);
  return within(region)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

describe('movement history after a pull back', () => {
  it('says the clerk pulled it back from the tehsildar, who sent nothing', async () => {
    const [first, second, third] = await pullBackHistory('en', EN, 'Movement history');
    expect(first).toMatch(/^Sunita Rawat:/);
    expect(second).toMatch(/^Anita Bisht:.*sent by Sunita Rawat.*pulled back before it was opened/);
    expect(third).toMatch(/^Sunita Rawat: since/);
    expect(third).toContain('pulled back from Anita Bisht');
    expect(third).not.toContain('sent by');
  });

  it('says so in Hindi', async () => {
    const [, , third] = await pullBackHistory('hi', HI, hi['file.movement']);
    expect(third).toContain('अनीता बिष्ट से वापस ली गई');
    expect(third).not.toContain('द्वारा भेजी गई');
  });
});

describe('the inbox after a pull back', () => {
  /** The inbox row's From cell of the file pulled back. */
  async function fromCell(lang: 'en' | 'hi', n: Names): Promise<string> {
    const { device, number } = await pullBack(lang, n);
    await device.user.click(screen.getByRole('link', { name: n.inbox }));
    const inbox = await screen.findByRole('region', { name: n.inbox });
    const row = (await within(inbox).findByRole('link', { name: number })).closest('tr');
    if (row === null) throw new Error('no inbox row');
    return within(row).getAllByRole('cell')[2]?.textContent ?? '';
  }

  it('says whom the file was pulled back from, not that they sent it', async () => {
    expect(await fromCell('en', EN)).toBe('pulled back from Anita Bisht');
  });

  it('says so in Hindi', async () => {
    expect(await fromCell('hi', HI)).toBe('अनीता बिष्ट से वापस ली गई');
  });
});
