// The sync light's word on Chrome's Local Network Access (docs/RELAY.md section 6): when a
// sync got no answer at all from this tablet's own address, the light asks the browser for
// the permission and, refused, says it may be why and how to allow it; nothing while Chrome
// has not asked yet. In Hindi and English; nothing where the browser has no such permission.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import type { PermissionsLike } from '@ui/services/local-network.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';

/** navigator.permissions with one Local Network Access permission, whose state can change. */
function browserPermission(initial: string) {
  const listeners = new Set<() => void>();
  const status = {
    state: initial,
    addEventListener: (_type: 'change', l: () => void) => void listeners.add(l),
    removeEventListener: (_type: 'change', l: () => void) => void listeners.delete(l),
  };
  const asked: string[] = [];
  const permissions: PermissionsLike = {
    query: ({ name }) => {
      asked.push(name);
      return name === 'local-network'
        ? Promise.resolve(status)
        : Promise.reject(new TypeError('not a PermissionName'));
    },
  };
  return {
    permissions,
    asked,
    listeners,
    set(state: string) {
      status.state = state;
      for (const l of [...listeners]) l();
    },
  };
}

async function signedIn(lang: 'hi' | 'en', names: Names, permissions?: PermissionsLike) {
  const device = newDevice(permissions === undefined ? {} : { env: { permissions } });
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, names, CLERK.id);
  const light = () => screen.getByRole('status', { name: names.syncStatus });
  /** A sync whose requests at the tablet's own address got no answer. */
  const missed = () =>
    act(() =>
      device.syncStatus.update({ state: 'offline', error: 'network', homeUnreachable: true }),
    );
  return { device, light, missed };
}

describe("the sync light on Chrome's Local Network Access", () => {
  it('says, in Hindi, how to allow it when it was refused, and that the work is kept', async () => {
    const browser = browserPermission('denied');
    const { light, missed } = await signedIn('hi', HI, browser.permissions);
    // Nothing asked while syncs succeed.
    expect(browser.asked).toEqual([]);
    missed();
    await waitFor(() => expect(light()).toHaveTextContent(hi['sync.localNetworkBlocked']));
    expect(hi['sync.localNetworkBlocked']).toContain('Local network access');
    expect(hi['sync.localNetworkBlocked']).toContain('सुरक्षित');
  });

  it('says it in English, and goes once the person allows it in the site settings', async () => {
    const browser = browserPermission('denied');
    const { device, light, missed } = await signedIn('en', EN, browser.permissions);
    missed();
    await waitFor(() => expect(light()).toHaveTextContent(en['sync.localNetworkBlocked']));
    expect(en['sync.localNetworkBlocked']).toMatch(/Site settings.*Local network access.*Allow/);
    expect(en['sync.localNetworkBlocked']).toContain('saved on this tablet');
    act(() => browser.set('granted'));
    await waitFor(() => expect(light()).not.toHaveTextContent(en['sync.localNetworkBlocked']));
    // Synced again: the light stops following the permission.
    act(() =>
      device.syncStatus.update({ state: 'synced', error: undefined, homeUnreachable: undefined }),
    );
    await waitFor(() => expect(browser.listeners.size).toBe(0));
  });

  it('says it in Hindi too, and nothing while Chrome has not yet asked', async () => {
    const browser = browserPermission('denied');
    const { light, missed } = await signedIn('hi', HI, browser.permissions);
    missed();
    await waitFor(() => expect(light()).toHaveTextContent(hi['sync.localNetworkBlocked']));
    // Never asked (every tablet's state until Chrome asks): the light says only "Offline".
    act(() => browser.set('prompt'));
    await waitFor(() => expect(light()).not.toHaveTextContent(hi['sync.localNetworkBlocked']));
    expect(light()).toHaveTextContent(new RegExp(`^${hi['sync.offline']}`));
  });

  it('says nothing of it when given, in a browser without it, or when the address was not what failed', async () => {
    const granted = browserPermission('granted');
    const first = await signedIn('en', EN, granted.permissions);
    first.missed();
    await waitFor(() => expect(granted.asked).toEqual(['local-network']));
    expect(first.light()).toHaveTextContent(/^Offline$/);
    first.device.unmount();

    // A browser without the Permissions API (or without this permission).
    const second = await signedIn('en', EN);
    second.missed();
    expect(second.light()).toHaveTextContent(/^Offline$/);
    second.device.unmount();

    // Refused, but the device itself had no network: not asked, not said.
    const denied = browserPermission('denied');
    const third = await signedIn('en', EN, denied.permissions);
    act(() => third.device.syncStatus.update({ state: 'offline', error: 'network' }));
    expect(third.light()).toHaveTextContent(/^Offline$/);
    expect(denied.asked).toEqual([]);
  });
});

describe("the sign-in page on Chrome's Local Network Access", () => {
  /** A tablet whose requests get no answer at all (its address does not answer). */
  async function unanswered(lang: 'hi' | 'en', names: Names, permissions?: PermissionsLike) {
    const device = newDevice({
      wrapFetch: () => () => Promise.reject(new TypeError('Failed to fetch')),
      ...(permissions === undefined ? {} : { env: { permissions } }),
    });
    device.mount({ search: `?lang=${lang}` });
    const { user } = device;
    await user.type(await screen.findByLabelText(names.username), CLERK.id);
    await user.type(screen.getByLabelText(names.password), 'any password');
    await user.click(screen.getByRole('button', { name: names.signIn }));
    return device;
  }

  it('tells a person who never signed in here that Chrome may be why, and how to allow it', async () => {
    const browser = browserPermission('denied');
    await unanswered('hi', HI, browser.permissions);
    // Within the sign-in's alert, so it is announced with it.
    const note = await screen.findByText(hi['auth.localNetworkBlocked']);
    expect(note).toBeVisible();
    expect(screen.getByRole('alert')).toContainElement(note);
    // Its first line does not say "No network" beside a note saying the network may work.
    expect(screen.getByRole('alert')).toHaveTextContent(hi['auth.error.noAnswerNeverSignedIn']);
    expect(screen.getByRole('alert')).not.toHaveTextContent(hi['auth.error.offlineNeverSignedIn']);
    expect(hi['auth.localNetworkBlocked']).toContain('Local network access');
    // Allowed in the site settings: the note goes, the sign-in's own error stays.
    act(() => browser.set('granted'));
    await waitFor(() => expect(screen.queryByText(hi['auth.localNetworkBlocked'])).toBeNull());
    expect(screen.getByRole('alert')).toHaveTextContent(hi['auth.error.offlineNeverSignedIn']);
  });

  it('says it in English; nothing while Chrome has not asked, or in a browser without it', async () => {
    const denied = browserPermission('denied');
    const first = await unanswered('en', EN, denied.permissions);
    expect(await screen.findByText(en['auth.localNetworkBlocked'])).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent(en['auth.error.noAnswerNeverSignedIn']);
    expect(en['auth.localNetworkBlocked']).toMatch(/Local network access.*Allow.*sign in again/);
    first.unmount();

    const prompt = browserPermission('prompt');
    const second = await unanswered('en', EN, prompt.permissions);
    await screen.findByRole('alert');
    await waitFor(() => expect(prompt.asked).toEqual(['local-network']));
    expect(screen.queryByText(en['auth.localNetworkBlocked'])).toBeNull();
    second.unmount();

    const third = await unanswered('en', EN);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      en['auth.error.offlineNeverSignedIn'],
    );
    expect(screen.queryByText(en['auth.localNetworkBlocked'])).toBeNull();
    third.unmount();

    // Refused, but the tablet knows it has no network (airplane mode): not asked, not said.
    const offline = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    try {
      const refused = browserPermission('denied');
      await unanswered('en', EN, refused.permissions);
      expect(await screen.findByRole('alert')).toHaveTextContent(
        en['auth.error.offlineNeverSignedIn'],
      );
      expect(refused.asked).toEqual([]);
      expect(screen.queryByText(en['auth.localNetworkBlocked'])).toBeNull();
    } finally {
      offline.mockRestore();
    }
  });
});
