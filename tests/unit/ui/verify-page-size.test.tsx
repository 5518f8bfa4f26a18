import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_EXPORT_BYTES } from '@doc/export-format.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { followMenuLink, newDevice, signInAs } from './harness.tsx';
import { EN, HI } from './names.ts';

/** A file bigger than any export is refused by its size, before it is read into memory. */
describe('Verify page: a file too large to be an export', () => {
  it('says so in English and Hindi without reading it', async () => {
    for (const [lang, catalog, names] of [
      ['en', en, EN],
      ['hi', hi, HI],
    ] as const) {
      const device = newDevice();
      device.mount({ search: `?lang=${lang}` });
      await signInAs(device, names, CLERK.id);
      await followMenuLink(device, catalog['verify.nav']);
      let read = false;
      const huge = {
        name: 'big.zip',
        size: MAX_EXPORT_BYTES + 1,
        arrayBuffer: () => {
          read = true;
          return Promise.resolve(new ArrayBuffer(0));
        },
      };
      // The chooser is a button in the app's language; the browser's input behind it keeps this name.
      expect(
        await screen.findByRole('button', { name: catalog['verify.chooseButton'] }),
      ).toBeVisible();
      const input = await screen.findByLabelText(catalog['verify.choose']);
      fireEvent.change(input, { target: { files: [huge] } });
      const mb = String(MAX_EXPORT_BYTES / (1024 * 1024));
      expect(await screen.findByRole('alert')).toHaveTextContent(
        catalog['verify.tooLarge'].replace('{mb}', mb),
      );
      expect(read).toBe(false);
      device.unmount();
    }
  });
});
