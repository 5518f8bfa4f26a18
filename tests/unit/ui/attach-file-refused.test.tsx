// A refused Attach file says why (issue 17), in English and Hindi: the file is attached
// under another already, it has files under it (one level only), or it is closed. The
// list offers only what may be attached, so a refusal comes when the file changed after
// the list was drawn (another tab, or a tap racing the change): the list of files held is
// held still here, as drawn, while the person changes the other file on its own page.
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { closeShownFile, createFile, openFromInbox } from './steps.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Holds still the files-held list of `device` (the inbox's query, which Attach
 * file's list reads) once `frozen`: it answers what it read last, as a list drawn
 * before the files changed. Only this device's database, and only that index.
 */
function holdFilesHeld(device: Device): { frozen: boolean } {
  const held = { frozen: false };
  const records = device.db.records;
  const where = records.where.bind(records);
  let last: unknown[] = [];
  vi.spyOn(records, 'where').mockImplementation(((index: string) => {
    const real = where(index);
    if (index !== '[holder+holderSince]') return real;
    return {
      between: (lower: unknown, upper: unknown) => {
        const range = real.between(lower, upper);
        return {
          // Through Dexie's promise, so a live query still observes what it read.
          toArray: () =>
            held.frozen
              ? Dexie.Promise.resolve(last)
              : range.toArray().then((rows) => {
                  last = rows;
                  return rows;
                }),
        };
      },
    };
  }) as unknown as typeof records.where);
  return held;
}

const TEXT = { en, hi } as const;

/** On the file shown: Attach file, then the pick of `number`; answers the region. */
async function attach(device: Device, lang: 'en' | 'hi', number: string) {
  const c = TEXT[lang];
  const region = screen.getByRole('region', { name: c['attachFile.heading'] });
  await device.user.click(within(region).getByRole('button', { name: c['attachFile.button'] }));
  const list = await within(region).findByRole('list', { name: c['attachFile.button'] });
  const one = c['attachFile.one'].replace('{number}', number);
  await device.user.click(await within(list).findByRole('button', { name: one }));
  return region;
}

async function threeFiles(device: Device, n: Names) {
  const drawn = holdFilesHeld(device);
  await signInAs(device, n, CLERK.id);
  const main = await createFile(device, n, 'Appeal on khata 14');
  const other = await createFile(device, n, 'Mutation of khata 14');
  const third = await createFile(device, n, 'Encroachment on the path to khata 14');
  // The list is drawn on the main file's page, then held still.
  await openFromInbox(device, n, main);
  return { main, other, third, drawn };
}

describe('a refused Attach file', () => {
  it('says the file is attached elsewhere, or has files under it', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { main, other, third, drawn } = await threeFiles(device, EN);
    const region = screen.getByRole('region', { name: en['attachFile.heading'] });
    await device.user.click(within(region).getByRole('button', { name: en['attachFile.button'] }));
    await within(region).findByRole('button', {
      name: en['attachFile.one'].replace('{number}', other),
    });
    drawn.frozen = true;

    // Meanwhile the other file goes under the third, on the third's page.
    await openFromInbox(device, EN, third);
    const onThird = await attach(device, 'en', other);
    expect(await within(onThird).findByRole('link', { name: other })).toBeInTheDocument();

    // Back on the main file, the list as drawn still offers both.
    await openFromInbox(device, EN, main);
    const mine = await attach(device, 'en', other);
    expect(await within(mine).findByRole('alert')).toHaveTextContent(
      en['errors.attachedElsewhere'],
    );
    await device.user.click(
      within(mine).getByRole('button', {
        name: en['attachFile.one'].replace('{number}', third),
      }),
    );
    await expect
      .poll(() => within(mine).getByRole('alert').textContent)
      .toBe(en['errors.attachNested']);
    expect(within(mine).getByText(en['attachFile.empty'])).toBeInTheDocument();
    expect(screen.queryByText(en['errors.notAllowed'])).toBeNull();
  });

  it('says, in Hindi, that a closed file is not attached', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    const { main, other, drawn } = await threeFiles(device, HI);
    const region = screen.getByRole('region', { name: hi['attachFile.heading'] });
    await device.user.click(within(region).getByRole('button', { name: hi['attachFile.button'] }));
    await within(region).findByRole('button', {
      name: hi['attachFile.one'].replace('{number}', other),
    });
    drawn.frozen = true;

    await openFromInbox(device, HI, other);
    await closeShownFile(device, HI, 'C-1');

    await openFromInbox(device, HI, main);
    const mine = await attach(device, 'hi', other);
    expect(await within(mine).findByRole('alert')).toHaveTextContent(hi['errors.attachClosed']);
    expect(within(mine).getByText(hi['attachFile.empty'])).toBeInTheDocument();
  });
});
