// Two tablets on an office relay while the district cannot be reached (issue 18), in
// real Chromium: the district and Vikasnagar's relay run as the processes `npm start`
// and `npm run relay` start, with a WAN between them the test cuts (the integration
// tests' proxy). The relay serves the built PWA, as the district does. The desk
// assistant signed in at the relay while the WAN was up; with it cut, the tehsildar
// signs in on a tablet new to her, which the relay lets in provisionally (decision
// 0011, her menu says so), the desk assistant creates a file and sends it, the
// tehsildar's inbox shows it, she sends it back and the desk assistant's inbox shows
// it. When the WAN returns, the district confirms the tehsildar's tablet and has the
// file with its holder the desk assistant and every signature checked; her menu stops
// saying provisional once her tablet has synced again.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordState, loadRecordDoc } from '@doc/record-doc.ts';
import { asRecordId } from '@domain/ids.ts';
import { everySignatureVerifies } from '../integration/relay-checks.ts';
import { startRelayWorld, type RelayWorld } from '../integration/relay-processes.ts';
import { deviceUuid, signIn as signInOverApi } from '../integration/server-harness.ts';
import { pullAll } from '../integration/server-sync-client.ts';
import {
  createFile,
  ensureBuilt,
  inboxItem,
  launchBrowser,
  menuButton,
  navigate,
  openApp,
  openMenu,
  sendFile,
  signIn,
  syncStatus,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';
import { CLERK, PASSWORD, TEHSILDAR, openFromInbox } from './harness/pwa.ts';
import { REPO_ROOT } from './harness/paths.ts';

const SUBJECT = 'Demarcation of khasra 212, Dhakrani';
/** The header menu's note on a sign-in the relay checked without the district. */
const PROVISIONAL = /^Provisional sign-in/;
/** The district's reader for the check after the WAN returns. */
const READER = 'dm.dehradun';
const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
const UI_TIMEOUT_MS = 60_000;

/**
 * Whether the relay holds what it needs to sign `person` in without the district:
 * their password verifier, and the district's sealing key for a new tablet's key.
 */
function relayHolds(relayDir: string, person: string): boolean {
  const pending = join(relayDir, 'relay-pending.json');
  if (!existsSync(pending)) return false;
  const { sealKey } = JSON.parse(readFileSync(pending, 'utf8')) as { sealKey: string | null };
  const db = new Database(join(relayDir, 'patravali.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM credentials WHERE person = ?').get(person);
    return sealKey !== null && (row as { n: number }).n === 1;
  } finally {
    db.close();
  }
}

describe('two tablets on an office relay with the district unreachable', () => {
  let world: RelayWorld | undefined;
  let browser: TabletBrowser | undefined;
  let desk: Tablet;
  let tehsildar: Tablet;
  let recordId = '';

  beforeAll(async () => {
    await ensureBuilt();
    world = await startRelayWorld({
      PATRAVALI_STATIC_DIR: join(REPO_ROOT, 'dist'),
      PATRAVALI_RELAY_TIMEOUT_MS: '5000',
      PATRAVALI_RELAY_BACKOFF_MS: '400',
    });
    browser = await launchBrowser();
    [desk, tehsildar] = await Promise.all([
      browser.newTablet('desk-assistant'),
      browser.newTablet('tehsildar'),
    ]);
    // The desk assistant signed in at the relay while the WAN was up (the relay passed it on).
    const url = world.relay.url;
    await Promise.all([openApp(desk.page, url, 'en'), openApp(tehsildar.page, url, 'en')]);
    await signIn(desk.page, CLERK.username, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('moves a file desk assistant → tehsildar → desk assistant through the relay, WAN cut', async () => {
    // What the relay needs to let the tehsildar in without the district: her password
    // verifier and the district's sealing key, from its upstream runs.
    await expect
      .poll(() => relayHolds(world?.relayDir ?? '', TEHSILDAR.username), { timeout: UI_TIMEOUT_MS })
      .toBe(true);
    world?.wan.cut();
    await signIn(tehsildar.page, TEHSILDAR.username, PASSWORD);
    await openMenu(tehsildar.page);
    await tehsildar.page.getByText(PROVISIONAL).waitFor();
    await menuButton(tehsildar.page).click();

    await createFile(desk.page, SUBJECT, 'Land records');
    recordId = /\/r\/([^/?#]+)/.exec(desk.page.url())?.[1] ?? '';
    expect(recordId).not.toBe('');
    await sendFile(desk.page, { to: TEHSILDAR.name, remarks: 'For orders.' });

    await inboxItem(tehsildar.page, SUBJECT).waitFor({ timeout: UI_TIMEOUT_MS });
    await openFromInbox(tehsildar.page, SUBJECT);
    await sendFile(tehsildar.page, { to: CLERK.name, remarks: 'Seen; proceed.' });

    await navigate(desk.page, 'Inbox');
    await inboxItem(desk.page, SUBJECT).waitFor({ timeout: UI_TIMEOUT_MS });
    // Synced with the relay, and told the work has not reached the district (amendment 4 of
    // decision 0010): the file's creation and two sends, at least, wait at the relay.
    await syncStatus(desk.page)
      .filter({
        hasText:
          /^Synced with the office relay\s*\d+ changes on these files .* are at the office relay/,
      })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await desk.page.screenshot({ path: join(SHOTS, 'relay-waiting-en.png') });
    expect(desk.pageErrors).toEqual([]);
    expect(tehsildar.pageErrors).toEqual([]);
  });

  it('reaches the district, signed by the two tablets, once the WAN returns; the tehsildar’s tablet is confirmed', async () => {
    const districtUrl = world?.district.url ?? '';
    const id = asRecordId(recordId);
    const reader = deviceUuid(93);
    const token = (await signInOverApi(districtUrl, READER, reader)).body.token;
    const atDistrict = async () => (await pullAll(districtUrl, token, reader)).byRecord.get(id);
    expect(await atDistrict()).toBeUndefined();

    world?.wan.restore();
    await expect
      .poll(
        async () => {
          const updates = await atDistrict();
          if (updates === undefined) return null;
          return readRecordState(loadRecordDoc(updates), Date.now())?.holder ?? null;
        },
        { timeout: UI_TIMEOUT_MS, interval: 250 },
      )
      .toBe(CLERK.username);
    const updates = (await atDistrict()) ?? [];
    expect(await everySignatureVerifies(districtUrl, id, updates, READER)).toBe(true);
    // Her key reached the district with the relay's forwarded registration, before her work.
    expect(world?.relay.output()).toMatch(
      /the district confirmed the provisional key \S+ of tehsildar/,
    );

    // The tehsildar opens the app again: its first sync hears it, and the note goes.
    await tehsildar.page.reload({ waitUntil: 'domcontentloaded' });
    await openMenu(tehsildar.page);
    await tehsildar.page
      .getByText(PROVISIONAL)
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await tehsildar.page.getByText(`${TEHSILDAR.name}, Tehsildar`).waitFor();
    // The district has it all: nothing waits at the relay any more.
    await syncStatus(desk.page)
      .filter({ hasText: /^Synced$/ })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(tehsildar.pageErrors).toEqual([]);
  });
});
