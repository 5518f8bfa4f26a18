// The sync light's word on Chrome's Local Network Access in real Chromium (docs/RELAY.md
// section 6). The permission's state is set as a person's answer would set it, through the
// DevTools protocol (Browser.setPermission, `local-network`: the name Chromium 156 enforces
// for a public page's requests to the LAN and answers navigator.permissions.query for).
// The refusal itself is not what stops the requests here: the tablet's address stops
// answering (the server stopped), as a relay the browser does not let the page reach would;
// headless Chromium cannot be made to resolve the one host name to another address while
// the page stays open. What is shown: the app asks the real browser for the permission
// when its own address does not answer, says how to allow it (English, Hindi), says
// nothing while the device knows it is offline, follows the state when it changes
// (allowed: the hint goes; not yet given: allow it if asked).
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import {
  launchBrowser,
  openApp,
  passwordField,
  signIn,
  signInButton,
  startServer,
  syncStatus,
  waitForSyncStatus,
  type RunningServer,
  type TabletBrowser,
  usernameField,
} from './harness.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const UI_TIMEOUT_MS = 60_000;

describe("the sync light on Chrome's Local Network Access, in Chromium", () => {
  let server: RunningServer;
  let browser: TabletBrowser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  // Before the test below stops the server: this tablet's address stops answering by its
  // requests being refused, with the app's page loaded.
  it('at sign-in, tells a person who never signed in here that Chrome may be why', async () => {
    const tablet = await browser.newTablet('local-network-sign-in');
    const { page, context } = tablet;
    await openApp(page, server.url, 'en');
    await usernameField(page).waitFor({ timeout: UI_TIMEOUT_MS });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Browser.setPermission', {
      permission: { name: 'local-network' },
      setting: 'denied',
      origin: server.url,
    });
    await page.route(`${server.url}/api/**`, (route) => route.abort('connectionrefused'));
    await usernameField(page).fill(CLERK.username);
    await passwordField(page).fill(PASSWORD);
    await signInButton(page).click();
    // One alert: the sign-in's error, then the note on Chrome's refusal within it.
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: en['auth.error.noAnswerNeverSignedIn'] }).waitFor({
      timeout: UI_TIMEOUT_MS,
    });
    const note = alert.getByText(en['auth.localNetworkBlocked']);
    await note.waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: join(SHOTS, 'local-network-sign-in-en.png'), fullPage: true });
    // Allowed in the site settings: the note goes; the person tries again.
    await cdp.send('Browser.setPermission', {
      permission: { name: 'local-network' },
      setting: 'granted',
      origin: server.url,
    });
    await note.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });

  it('says how to allow it when refused and the address does not answer, and goes once allowed', async () => {
    const tablet = await browser.newTablet('local-network-denied');
    const { page, context } = tablet;
    await openApp(page, server.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await waitForSyncStatus(page, /^Synced/);

    const cdp = await context.newCDPSession(page);
    const setLocalNetwork = (setting: 'granted' | 'denied' | 'prompt') =>
      cdp.send('Browser.setPermission', {
        permission: { name: 'local-network' },
        setting,
        origin: server.url,
      });
    const asked = () =>
      page.evaluate(async () => {
        const name = 'local-network' as PermissionName;
        return (await navigator.permissions.query({ name })).state;
      });
    await setLocalNetwork('denied');
    expect(await asked()).toBe('denied');

    // The tablet's address stops answering; the device itself knows it is offline first.
    await server.stop();
    await tablet.setOffline(true);
    await waitForSyncStatus(page, /^Offline/);
    expect(await syncStatus(page).innerText()).toBe('Offline');

    // Back online: the sync at the tablet's address gets no answer, and the permission is refused.
    await tablet.setOffline(false);
    const light = syncStatus(page);
    await light.filter({ hasText: en['sync.localNetworkBlocked'] }).waitFor({
      timeout: UI_TIMEOUT_MS,
    });
    await page.screenshot({ path: join(SHOTS, 'local-network-blocked-en.png') });

    await page.getByRole('button', { name: en['lang.switchLabel'] }).click();
    await page
      .getByRole('status', { name: hi['sync.label'] })
      .filter({ hasText: hi['sync.localNetworkBlocked'] })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page.screenshot({ path: join(SHOTS, 'local-network-blocked-hi.png') });
    await page.getByRole('button', { name: hi['lang.switchLabel'] }).click();

    // Not yet asked (Chrome asks the person itself): nothing more than "Offline".
    await setLocalNetwork('prompt');
    await light.filter({ hasText: /^Offline$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await setLocalNetwork('denied');
    await light.filter({ hasText: en['sync.localNetworkBlocked'] }).waitFor({
      timeout: UI_TIMEOUT_MS,
    });

    // Allowed in the site settings: nothing more to say of it.
    await setLocalNetwork('granted');
    await light.filter({ hasText: /^Offline$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(tablet.pageErrors).toEqual([]);
    await tablet.close();
  });
});
