// Issue 6's "Done when" in real Chromium: a Vikasnagar file has been pending with the
// tehsildar for 20 days (its history pushed to the real server by the desk assistant's
// session, with event times fixed 25 and 20 days back); the DM signs in, sees it in the
// 16–30 bucket for Vikasnagar, drills down to it and opens its timeline.
import { fromBase64UrlEncoded } from 'lib0/buffer';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestEvent, attestMeta } from '@doc/attest.ts';
import { appendEvents, createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { sync } from '../integration/server-sync-client.ts';
import {
  launchBrowser,
  navigate,
  openApp,
  pendencyRegion,
  signIn,
  startServer,
  type RunningServer,
  type Tablet,
  type TabletBrowser,
} from './harness.ts';

const DAY = 86_400_000;
const CLERK = 'clerk.vikasnagar';
const TEHSILDAR = 'tehsildar.vikasnagar';
const DEVICE = '00000000-0000-4000-8000-00000000e2e6';
const RECORD = asRecordId('00000000-0000-4000-8000-0000000e2e61');
const NUMBER = 'VKN/REV/2026/9-1';
const SUBJECT = 'Demarcation of khasra 418, village Dhakrani';

async function signInOverApi(url: string, username: string): Promise<SessionResponse> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234', deviceId: DEVICE }),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as SessionResponse;
}

/** The file as the clerk's tablet made it: created 25 days ago, sent to the tehsildar 20 days ago. */
function backdatedFile(now: number, authorKey: Uint8Array): Uint8Array {
  const created = now - 25 * DAY;
  const sentAt = now - 20 * DAY;
  const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: CLERK });
  const meta: RecordMeta = {
    schemaVersion: 1,
    kind: 'file',
    id: RECORD,
    number: NUMBER,
    subject: SUBJECT,
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    createdBy: asPersonId(CLERK),
    createdAt: hlc(created),
    createdDeviceTime: created,
    clockVerified: true,
  };
  const sent: RecordEvent = {
    id: asEventId('00000000-0000-4000-8000-0000000e2e62'),
    type: 'sent',
    actor: asPersonId(CLERK),
    hlc: hlc(sentAt),
    deviceTime: sentAt,
    clockVerified: true,
    basis: null,
    to: asPersonId(TEHSILDAR),
    remarks: 'Please decide.',
    dueDate: null,
    priority: 'normal',
  };
  const doc = createRecordDoc(attestMeta(meta, authorKey));
  appendEvents(doc, [attestEvent(sent, authorKey)]);
  return Y.encodeStateAsUpdate(doc);
}

describe('pendency review in the browser (DM, district)', () => {
  let server: RunningServer;
  let browser: TabletBrowser;
  let tablet: Tablet;

  beforeAll(async () => {
    // No demo records: the district holds only the file this test seeds.
    server = await startServer({ env: { PATRAVALI_DEMO_CONTENT: '0' } });
    const clerk = await signInOverApi(server.url, CLERK);
    const update = backdatedFile(clerk.serverTime, fromBase64UrlEncoded(clerk.authorKey));
    const pushed = await sync(server.url, clerk.token, DEVICE, 0, [
      { ref: 1, recordId: RECORD, update },
    ]);
    expect(pushed.response.refusals).toEqual([]);
    browser = await launchBrowser();
    tablet = await browser.newTablet('collectorate');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await server?.removeData();
  });

  it('shows the file in the 16–30 bucket for Vikasnagar, drills down and opens its timeline', async () => {
    const { page } = tablet;
    await openApp(page, server.url, 'en');
    await signIn(page, 'dm.dehradun', 'demo1234');
    await navigate(page, 'Pendency');
    const region = pendencyRegion(page);
    await region.getByText('Whole district').waitFor();

    const offices = region.getByRole('table', { name: 'Pendency by office' });
    const bucket = offices.getByRole('button', {
      name: 'Tehsil Vikasnagar, 16–30 days: 1 record',
      exact: true,
    });
    await bucket.waitFor();
    const tehsildar = region
      .getByRole('table', { name: 'Pendency by person' })
      .getByRole('button', { name: 'Anita Bisht, 16–30 days: 1 record', exact: true });
    await tehsildar.waitFor();

    await bucket.click();
    const list = page.getByRole('region', { name: 'Tehsil Vikasnagar — 16–30 days' });
    const row = list.getByRole('row').filter({ hasText: NUMBER });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(SUBJECT);
    expect(text).toContain('Anita Bisht');
    expect(text).toMatch(/\b20\b/);

    // The DM's tablet syncs the district; once the file is here its number links to it.
    const link = list.getByRole('link', { name: NUMBER, exact: true });
    await link.waitFor({ timeout: 60_000 });
    await link.click();
    await page.getByRole('heading', { level: 1, name: NUMBER }).waitFor();
    const timeline = page.getByRole('region', { name: 'Time at each desk', exact: true });
    const hops = timeline.getByRole('listitem');
    await hops.nth(1).waitFor();
    expect(await hops.count()).toBe(2);
    expect(await hops.nth(0).innerText()).toMatch(/Sunita Rawat[\s\S]*5 days/);
    expect(await hops.nth(1).innerText()).toMatch(/Anita Bisht[\s\S]*20 days · still here/);
    expect(tablet.pageErrors).toEqual([]);
  });
});
