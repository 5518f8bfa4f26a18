// On a tablet's first visit the app says it is preparing to work offline, then that it is
// ready (the service worker has stored the app), until the person taps OK; a tab opened
// under a worker already in control says nothing. English and Hindi.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createOfflineReadyStore } from '@pwa/offline-ready.ts';
import { newDevice, screen } from './harness.tsx';

describe('ready to work offline', () => {
  it.each([
    ['English', '?lang=en', en],
    ['Hindi', '?lang=hi', hi],
  ] as const)('is said once the app is stored, until OK (%s)', async (_, search, cat) => {
    const offline = createOfflineReadyStore(false);
    const device = newDevice({ env: { offline } });
    device.mount({ search });
    const status = await screen.findByText(cat['offline.preparing']);
    expect(status.closest('[role="status"]')).not.toBeNull();
    expect(screen.queryByText(cat['offline.ready'])).toBeNull();

    act(() => offline.markReady());
    expect(await screen.findByText(cat['offline.ready'])).toBeInTheDocument();
    expect(screen.queryByText(cat['offline.preparing'])).toBeNull();
    await device.user.click(screen.getByRole('button', { name: cat['offline.dismiss'] }));
    expect(screen.queryByText(cat['offline.ready'])).toBeNull();
    // A later install event (an update) does not bring it back.
    act(() => offline.markReady());
    expect(screen.queryByText(cat['offline.ready'])).toBeNull();
  });

  it('says nothing in a tab a service worker already controls', async () => {
    const device = newDevice({ env: { offline: createOfflineReadyStore(true) } });
    device.mount({ search: '?lang=en' });
    await screen.findByLabelText('Username');
    expect(screen.queryByText(en['offline.preparing'])).toBeNull();
    expect(screen.queryByText(en['offline.ready'])).toBeNull();
  });

  it('says it is preparing again when files the app needs offline are missing under the worker', async () => {
    // Reopened before the later files were stored, or a new version's are not yet.
    const offline = createOfflineReadyStore(true);
    const device = newDevice({ env: { offline } });
    device.mount({ search: '?lang=hi' });
    await screen.findByLabelText(hi['auth.username']);
    act(() => offline.markPreparing());
    expect(await screen.findByText(hi['offline.preparing'])).toBeInTheDocument();
    act(() => offline.markReady());
    expect(await screen.findByText(hi['offline.ready'])).toBeInTheDocument();
  });
});
