// A shared tablet (issue 12): signing out while changes have not reached the
// server warns, says how many records wait and that they will still be sent;
// staying keeps the person signed in; with nothing unsent, no question is asked.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, openMenu, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile } from './steps.ts';

describe('signing out on a shared tablet', () => {
  it.each([
    ['en', EN, en],
    ['hi', HI, hi],
  ] as const)(
    'warns (%s) when changes are not sent yet, says how many and that they will still be sent',
    async (lang, n, t) => {
      const device = newDevice();
      device.mount({ search: `?lang=${lang}` });
      await signInAs(device, n, CLERK.id);
      await createFile(device, n, 'Pension of Smt. Kamla Devi');
      await createFile(device, n, 'Mutation, khasra 77');
      await openMenu(device);
      await device.user.click(screen.getByRole('button', { name: n.signOut }));
      const warning = await screen.findByRole('alertdialog', { name: t['signOut.pendingTitle'] });
      expect(warning).toHaveTextContent(t['signOut.pendingText'].other.replace('{count}', '2'));
      expect(warning).toHaveAccessibleDescription(
        t['signOut.pendingText'].other.replace('{count}', '2'),
      );
      // The button that stays has the focus: a stray Enter does not sign out.
      expect(within(warning).getByRole('button', { name: t['signOut.stay'] })).toHaveFocus();
      await device.user.keyboard('{Escape}');
      expect(screen.queryByRole('alertdialog')).toBeNull();
      await openMenu(device);
      await device.user.click(screen.getByRole('button', { name: n.signOut }));
      await device.user.click(
        within(await screen.findByRole('alertdialog')).getByRole('button', {
          name: n.signOutAnyway,
        }),
      );
      await screen.findByRole('button', { name: n.signIn });
      // Signing out removed nothing: the changes still wait to be sent.
      expect(await device.db.outbox.count()).toBeGreaterThan(0);
    },
  );

  it('asks nothing once the server has everything', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Pension of Smt. Kamla Devi');
    await device.db.outbox.clear();
    await openMenu(device);
    await device.user.click(screen.getByRole('button', { name: EN.signOut }));
    await screen.findByRole('button', { name: EN.signIn });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
