import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_EXPORT_BYTES } from '@doc/export-format.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { I18nProvider } from '@ui/I18nProvider.tsx';
import { VerifyPage } from '@ui/pages/VerifyPage.tsx';

/** A file bigger than any export is refused by its size, before it is read into memory. */
describe('Verify page: a file too large to be an export', () => {
  it('says so in English and Hindi without reading it', () => {
    for (const [search, catalog] of [
      ['?lang=en', en],
      ['?lang=hi', hi],
    ] as const) {
      const { unmount, container } = render(
        <I18nProvider search={search} prefs={null}>
          <VerifyPage />
        </I18nProvider>,
      );
      let read = false;
      const huge = {
        name: 'big.zip',
        size: MAX_EXPORT_BYTES + 1,
        arrayBuffer: () => {
          read = true;
          return Promise.resolve(new ArrayBuffer(0));
        },
      };
      const input = container.querySelector('input[type="file"]') as HTMLInputElement;
      fireEvent.change(input, { target: { files: [huge] } });
      const mb = String(MAX_EXPORT_BYTES / (1024 * 1024));
      expect(screen.getByRole('alert')).toHaveTextContent(
        catalog['verify.tooLarge'].replace('{mb}', mb),
      );
      expect(read).toBe(false);
      unmount();
    }
  });
});
