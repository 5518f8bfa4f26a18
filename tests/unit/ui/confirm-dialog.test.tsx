// A question that asks before something a person may regret (ConfirmDialog: Close file,
// sign out with unsent work): focus starts on the button that stays, and when the person
// stays (Cancel or Escape) focus goes back to the button that asked, not to the page.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile } from './steps.ts';

describe('a confirmation question', () => {
  it.each([
    ['English', '?lang=en', EN, en],
    ['Hindi', '?lang=hi', HI, hi],
  ] as const)(
    'gives focus back to the button that asked when the person stays (%s)',
    async (_, search, n, cat) => {
      const device = newDevice();
      device.mount({ search });
      await signInAs(device, n, CLERK.id);
      const { user } = device;
      await createFile(device, n, 'Boundary of plot 12');
      const closeFile = screen.getByRole('button', { name: n.closeFile });

      await user.click(closeFile);
      const ask = await screen.findByRole('alertdialog');
      const stay = within(ask).getByRole('button', { name: cat['confirm.cancel'] });
      expect(stay).toHaveFocus();
      await user.click(stay);
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.getByRole('button', { name: n.closeFile })).toHaveFocus();

      await user.click(screen.getByRole('button', { name: n.closeFile }));
      await screen.findByRole('alertdialog');
      await user.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(screen.getByRole('button', { name: n.closeFile })).toHaveFocus();
    },
  );
});
