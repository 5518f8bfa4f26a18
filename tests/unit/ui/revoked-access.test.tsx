// Access revoked by the administrator (issue 14): once the sync port has wiped the
// person (src/storage/session/revoked-access.ts), the app leaves their session for the sign-in
// page, which says whose access was revoked and why their data is gone, in both languages.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { wipeRevokedSession } from '@storage/session/revoked-access.ts';
import { currentSession } from '@storage/session/session.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';

async function revoke(device: Device): Promise<void> {
  const token = (await currentSession(device.db))?.token ?? '';
  expect(await wipeRevokedSession(device.db, token, device.clock.now)).not.toBeNull();
  act(() => device.syncStatus.update({ state: 'signedOut', error: 'accessRevoked' }));
}

describe('access revoked', () => {
  it('signs the person out and says so in English, until dismissed', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await revoke(device);
    const alert = await screen.findByRole('alert', { name: en['revoked.label'] });
    expect(alert).toHaveTextContent(
      `This device’s access for ${CLERK.name.en} was revoked by the administrator.`,
    );
    expect(alert).toHaveTextContent('other people’s data is kept');
    expect(screen.getByRole('button', { name: EN.signIn })).toBeInTheDocument();
    await device.user.click(screen.getByRole('button', { name: en['revoked.dismiss'] }));
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: en['revoked.label'] })).toBeNull(),
    );
    // Her account row is gone: she cannot sign in here offline with it any more.
    expect(await device.db.accounts.get(CLERK.id)).toBeUndefined();
  });

  it('says it in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await revoke(device);
    const alert = await screen.findByRole('alert', { name: hi['revoked.label'] });
    expect(alert).toHaveTextContent(`प्रशासक ने इस उपकरण पर ${CLERK.name.hi} की पहुँच रद्द कर दी है।`);
    expect(screen.getByRole('button', { name: HI.signIn })).toBeInTheDocument();
  });
});
