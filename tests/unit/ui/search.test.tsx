// The inbox's Search over the tablet's index: Hindi spelling variants, several
// words in any order, noting text, and Roman typing that finds Devanagari.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, sendTo } from './steps.ts';

async function results(region: string): Promise<string[]> {
  const found = await screen.findByRole('region', { name: region });
  return within(found)
    .queryAllByRole('row')
    .slice(1)
    .map((r) => r.textContent ?? '');
}

async function search(device: Device, label: string, text: string): Promise<void> {
  const field = await screen.findByRole('searchbox', { name: label });
  await device.user.clear(field);
  await device.user.type(field, text);
}

describe('search', () => {
  it('finds Hindi by the spellings offices type, in any order, in notings, and from Roman', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const encroachment = await createFile(device, EN, 'अवैध कब्ज़े का सीमांकन');
    await device.user.type(screen.getByLabelText(EN.noting), 'पेन्शन प्रकरण की जाँच करें।');
    await sendTo(device, EN, TEHSILDAR.id);
    const inheritance = await createFile(device, EN, 'वरासत दर्ज करने हेतु');
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    const field = await screen.findByRole('searchbox', { name: 'Search' });
    expect(field).toHaveAttribute('placeholder', en['search.placeholder']);
    const region = en['search.results'];

    // Each search below finds something else than the one before, so stale rows cannot pass.
    const only = async (text: string, number: string) => {
      await search(device, 'Search', text);
      await expect.poll(() => results(region)).toEqual([expect.stringContaining(number)]);
    };
    await only('seemankan', encroachment); // Roman finds Devanagari
    await only('वरासत', inheritance);
    await only('सीमांकन कब्जे', encroachment); // no nukta, words the other way round
    await search(device, 'Search', 'पेंशन वरासत');
    expect(await screen.findByText(en['search.none'])).toBeInTheDocument();
    await only('पेंशन', encroachment); // the noting's पेन्शन

    device.mount({ search: '?lang=hi' });
    const hindi = await screen.findByRole('searchbox', { name: hi['search.label'] });
    expect(hindi).toHaveAttribute('placeholder', hi['search.placeholder']);
    await search(device, hi['search.label'], 'varasat');
    await expect.poll(() => results(hi['search.results'])).toHaveLength(1);
    expect((await results(hi['search.results']))[0]).toContain(inheritance);
  });
});
