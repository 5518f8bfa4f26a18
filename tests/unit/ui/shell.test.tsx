// The frame around every page: language choice (?lang=, toggle, remembered,
// <html lang>), the Sync status indicator, navigation names and the Pendency region.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { LANG_STORAGE_KEY } from '@i18n/language.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, openMenu, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, sendTo } from './steps.ts';

describe('language', () => {
  it('is Hindi by default, with <html lang="hi">', async () => {
    const device = newDevice();
    device.mount();
    expect(await screen.findByRole('button', { name: HI.signIn })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: EN.signIn })).toBeNull();
    expect(screen.getByLabelText(HI.username)).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('hi');
  });

  it('takes ?lang=en, remembers it, and lets ?lang=hi switch back', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await screen.findByRole('button', { name: EN.signIn });
    expect(document.documentElement.lang).toBe('en');
    expect(device.prefs.map.get(LANG_STORAGE_KEY)).toBe('en');
    device.mount();
    await screen.findByRole('button', { name: EN.signIn });
    device.mount({ search: '?lang=hi' });
    await screen.findByRole('button', { name: HI.signIn });
    expect(document.documentElement.lang).toBe('hi');
  });

  it('switches with one tap and keeps the choice', async () => {
    const device = newDevice();
    device.mount();
    await signInAs(device, HI, CLERK.id);
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    expect(await screen.findByRole('link', { name: EN.newFile })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    device.mount();
    expect(await screen.findByRole('button', { name: en['menu.button'] })).toBeInTheDocument();
  });

  it('names the navigation links and sign-out exactly, in English', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    for (const name of [EN.inbox, EN.newFile, EN.dak, EN.pendency]) {
      expect(screen.getByRole('link', { name })).toBeInTheDocument();
    }
    expect(screen.queryByRole('button', { name: EN.signOut })).toBeNull();
    await openMenu(device);
    expect(screen.getByRole('button', { name: EN.signOut })).toBeInTheDocument();
  });
});

describe('sync status', () => {
  it('shows Offline, Syncing, Synced and N pending from the status store', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    // Looked up and waited for each time: after sign-in the shell may still be swapping in
    // the page (a lazy chunk), and an update then reaches the light a render later.
    const status = () => screen.getByRole('status', { name: EN.syncStatus });
    await waitFor(() => expect(status()).toHaveTextContent(/^Offline/));
    act(() => device.syncStatus.update({ state: 'syncing' }));
    await waitFor(() => expect(status()).toHaveTextContent(/^Syncing/));
    act(() => device.syncStatus.update({ state: 'synced', lastSyncedAt: device.clock.now }));
    await waitFor(() => expect(status()).toHaveTextContent(/^Synced/));
    act(() => device.syncStatus.update({ state: 'pending', pending: 3 }));
    await waitFor(() => expect(status()).toHaveTextContent(/^3 pending/));
    act(() => device.syncStatus.update({ state: 'offline', pending: 2 }));
    await waitFor(() => expect(status()).toHaveTextContent(/^Offline · 2 pending/));
  });

  it('tells the person what to do on a version mismatch, in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'versionMismatch', error: 'serverTooOld' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['version.serverTooOld']));
    act(() => device.syncStatus.update({ state: 'versionMismatch', error: 'clientTooOld' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['version.clientTooOld']));
  });

  it('says the server asked to slow down, in Hindi and English, and that work is kept', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'offline', error: 'tooManyRequests' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['serverError.tooManyRequests']));
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    expect(await screen.findByRole('status', { name: EN.syncStatus })).toHaveTextContent(
      en['serverError.tooManyRequests'],
    );
  });

  it('says the server was busy with the same records, in Hindi and English', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'offline', error: 'busy' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['serverError.busy']));
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    expect(await screen.findByRole('status', { name: EN.syncStatus })).toHaveTextContent(
      en['serverError.busy'],
    );
  });

  it('asks a provisional sign-in refused by the server answering to sign in again, in Hindi and English', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'signedOut', error: 'provisionalSession' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['sync.provisionalSignInAgain']));
    expect(hi['sync.provisionalSignInAgain']).toContain('अस्थायी');
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    expect(await screen.findByRole('status', { name: EN.syncStatus })).toHaveTextContent(
      en['sync.provisionalSignInAgain'],
    );
  });

  it("says the relay answering is another office's, in Hindi and English, with no alarm", async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'offline', error: 'otherOfficeRelay' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['sync.otherOfficeRelay']));
    expect(screen.queryByRole('alert')).toBeNull();
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    expect(await screen.findByRole('status', { name: EN.syncStatus })).toHaveTextContent(
      en['sync.otherOfficeRelay'],
    );
  });

  it("says it syncs with the district directly at another office's relay, in Hindi and English, and not once offline", async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'synced', viaDistrict: 'otherOfficeRelay' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['sync.viaDistrictOtherOffice']));
    expect(hi['sync.viaDistrictOtherOffice']).toContain('ज़िला सर्वर');
    expect(screen.queryByRole('alert')).toBeNull();
    await device.user.click(screen.getByRole('button', { name: hi['lang.switchLabel'] }));
    const inEnglish = await screen.findByRole('status', { name: EN.syncStatus });
    expect(inEnglish).toHaveTextContent(en['sync.viaDistrictOtherOffice']);
    // The link lost: no longer syncing anywhere, so it is not said.
    act(() => device.syncStatus.update({ state: 'offline', error: 'network' }));
    await waitFor(() => expect(inEnglish).not.toHaveTextContent(en['sync.viaDistrictOtherOffice']));
  });

  it('says a day’s sending is used up until midnight, in Hindi, and that work is kept', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const status = () => screen.getByRole('status', { name: HI.syncStatus });
    act(() => device.syncStatus.update({ state: 'offline', error: 'dailyLimit' }));
    await waitFor(() => expect(status()).toHaveTextContent(hi['serverError.dailyLimit']));
    expect(hi['serverError.dailyLimit']).toContain('सुरक्षित');
  });
});

describe('pendency', () => {
  it('counts records per holder by age', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await createFile(device, EN, 'Old matter');
    await sendTo(device, EN, TEHSILDAR.id);
    device.clock.now += 10 * DAY;
    await createFile(device, EN, 'New matter');
    await device.user.click(screen.getByRole('link', { name: EN.pendency }));
    let region = await screen.findByRole('region', { name: EN.pendency });
    // Columns: person, office, 0–7, 8–15, 16–30, 30+, overdue, total, unverified (no
    // clock offset yet), drafts awaiting approval, approved letters awaiting dispatch.
    // Staff review their own desk only (issue 6).
    const cells = (row: Element | null) =>
      [...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
    const clerkRow = (
      await within(region).findByRole('rowheader', { name: 'Sunita Rawat' })
    ).closest('tr');
    const noLetters = ['0', '0'];
    expect(cells(clerkRow)).toEqual([
      'Tehsil Vikasnagar',
      '1',
      '0',
      '0',
      '0',
      '0',
      '1',
      '1',
      ...noLetters,
    ]);
    expect(within(region).queryByRole('rowheader', { name: 'Anita Bisht' })).toBeNull();
    await signOutOf(device, EN);
    // The tehsildar reviews the whole office.
    await signInAs(device, EN, TEHSILDAR.id);
    await device.user.click(screen.getByRole('link', { name: EN.pendency }));
    region = await screen.findByRole('region', { name: EN.pendency });
    const tehsildarRow = (
      await within(region).findByRole('rowheader', { name: 'Anita Bisht' })
    ).closest('tr');
    expect(cells(tehsildarRow)).toEqual([
      'Tehsil Vikasnagar',
      '0',
      '1',
      '0',
      '0',
      '0',
      '1',
      '1',
      ...noLetters,
    ]);
    await signOutOf(device, EN);
  });
});
