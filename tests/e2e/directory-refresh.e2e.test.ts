// A clerk added to the district's directory file appears in the Send list of a tablet
// already signed in, without anyone signing in again or reloading (issue 18): the
// district restarts with the new file, the tablet's push channel opens again, and the
// sync after it takes the directory (GET /api/directory). The file then goes to them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import {
  createFile,
  launchBrowser,
  openApp,
  signIn,
  startServer,
  waitForSyncStatus,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { CLERK, PASSWORD } from './harness/pwa.ts';

const NEW_CLERK = {
  ...DEMO_DIRECTORY.people.find((p) => p.id === CLERK.username)!,
  id: asPersonId('clerk2.vikasnagar'),
  name: { hi: 'दीपक थापा', en: 'Deepak Thapa' },
};
/** The restart, the push channel's reconnect and a sync, on a busy machine. */
const TAKEN_MS = 120_000;

function writeDirectory(file: string, directory: Directory): void {
  const people = directory.people.map((p) => ({ ...p, initialPassword: PASSWORD }));
  writeFileSync(file, JSON.stringify({ ...directory, people }));
}

describe('the directory reaching an open Send list', () => {
  const servers: RunningServer[] = [];
  const fileDir = mkdtempSync(join(tmpdir(), 'patravali-e2e-directory-'));
  const file = join(fileDir, 'directory.json');
  let browser: TabletBrowser;
  let desk: Tablet;

  beforeAll(async () => {
    writeDirectory(file, DEMO_DIRECTORY);
    servers.push(await startServer({ env: { PATRAVALI_DIRECTORY: file } }));
    browser = await launchBrowser();
    desk = await browser.newTablet('desk-directory');
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    await servers[0]?.removeData();
    rmSync(fileDir, { recursive: true, force: true });
  });

  it('gains the clerk added at the district, who can be sent the file', async () => {
    const first = servers[0]!;
    const { page } = desk;
    await openApp(page, first.url, 'en');
    await signIn(page, CLERK.username, PASSWORD);
    await createFile(page, 'Encroachment on the village pond', 'Revenue');
    await waitForSyncStatus(page, /^Synced/);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByLabel('Send to', { exact: true });
    const newClerk = picker.locator('option', { hasText: NEW_CLERK.name.en });
    await picker.locator('option', { hasText: 'Anita Bisht' }).waitFor({ state: 'attached' });
    expect(await newClerk.count()).toBe(0);

    writeDirectory(file, {
      ...DEMO_DIRECTORY,
      version: DEMO_DIRECTORY.version + 1,
      people: [...DEMO_DIRECTORY.people, NEW_CLERK],
    });
    await first.stop();
    servers.push(
      await startServer({
        dataDir: first.dataDir,
        port: Number(new URL(first.url).port),
        env: { PATRAVALI_DIRECTORY: file },
      }),
    );

    await newClerk.waitFor({ state: 'attached', timeout: TAKEN_MS });
    await picker.selectOption(NEW_CLERK.id);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForSyncStatus(page, /^Synced/);
    expect(desk.pageErrors).toEqual([]);
  });
});
