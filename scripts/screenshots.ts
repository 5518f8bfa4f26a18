// `npm run screenshots`: PNGs of the main pages at tablet size (800×1280), in Hindi,
// written to docs/screenshots/ (referenced from the README). Starts the server as
// `npm start` would, on a fresh temp data dir, with one Chromium tablet.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { hi } from '../src/i18n/hi.ts';
import { decodeFrame, encodeFrame } from '../src/protocol/codec.ts';
import {
  createFile,
  launchBrowser,
  navigate,
  noteSheet,
  openApp,
  openMenu,
  saveDraftNoting,
  sendFile,
  signIn,
  startServer,
  waitForSyncStatus,
} from '../tests/e2e/harness.ts';
import { REPO_ROOT } from '../tests/e2e/harness/paths.ts';

const OUT_DIR = join(REPO_ROOT, 'docs', 'screenshots');

/**
 * Waits until the page shows what it is for: `content` is visible and no
 * "loading…" (page or charts) is left in the main area (a pendency report or a list computed
 * after the heading appears would otherwise be photographed half-drawn).
 */
async function shoot(page: Page, name: string, content: Locator): Promise<void> {
  await content.first().waitFor({ state: 'visible', timeout: 30_000 });
  for (const loading of [hi['app.loading'], hi['review.chartsLoading']]) {
    await page
      .locator('main')
      .getByText(loading, { exact: true })
      .waitFor({ state: 'detached', timeout: 30_000 });
  }
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(OUT_DIR, `${name}.png`), fullPage: false });
  console.log(`  docs/screenshots/${name}.png`);
}

/** Waits for the Hindi "synced" state, so the header does not show a passing "syncing". */
async function waitSynced(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^सिंक हो गया/ })
    .waitFor({ timeout: 30_000 });
}

/** Fills the office day in English (the helpers use English names), as the desk assistant. */
async function prepareData(page: Page): Promise<string> {
  await createFile(page, 'ग्राम ढकरानी, खसरा 112 का दाखिल-खारिज', 'Land records');
  await saveDraftNoting(page, 'दाखिल-खारिज का आवेदन जाँचा गया; राजस्व अभिलेख इसकी पुष्टि करते हैं।');
  await page.getByText('Draft saved').waitFor();
  await sendFile(page, { to: 'Anita Bisht', remarks: 'कृपया आदेश दें।' });
  await createFile(page, 'कालसी में भूस्खलन से क्षतिग्रस्त मकानों हेतु राहत', 'Disaster relief');
  await saveDraftNoting(page, 'पटवारी की रिपोर्ट संलग्न है। दो मकान क्षतिग्रस्त हुए हैं।');
  await page.getByText('Draft saved').waitFor();
  await sendFile(page, { to: 'Anita Bisht' });
  await createFile(page, 'श्रीमती कमला देवी, सेवानिवृत्त शिक्षिका की पेंशन', 'Pensions');
  await saveDraftNoting(page, 'सेवा पुस्तिका का सत्यापन हो गया है; पेंशन प्रपत्र पूर्ण हैं।');
  await page.getByText('Draft saved').waitFor();
  const fileUrl = page.url();
  await navigate(page, 'Dak');
  await page.getByLabel('From', { exact: true }).fill('जिलाधिकारी कार्यालय, देहरादून');
  await page.getByLabel('Letter number', { exact: true }).fill('412/राजस्व/2026');
  await page.getByLabel('Letter date', { exact: true }).fill('2026-04-02');
  await page.getByLabel('Subject', { exact: true }).fill('जनगणना ड्यूटी हेतु कर्मचारियों की सूची');
  await page.getByRole('button', { name: 'Diarise', exact: true }).click();
  await waitForSyncStatus(page, /^Synced/);
  return fileUrl;
}

type Browser = Awaited<ReturnType<typeof launchBrowser>>;

/**
 * What a person sees when something is wrong, on tablets of their own: the server's
 * answer carries a tree head its log key did not sign (as after a rewrite of its
 * log), and the server says this person's data for today is used up.
 */
async function shootAlarms(browser: Browser, url: string): Promise<void> {
  const rewritten = (await browser.newTablet('log-alarm')).page;
  await openApp(rewritten, url, 'en');
  await signIn(rewritten, 'clerk.vikasnagar', 'demo1234');
  await waitForSyncStatus(rewritten, /^Synced/);
  await rewritten.route('**/api/sync', async (route) => {
    const res = await route.fetch();
    const frame = decodeFrame(new Uint8Array(await res.body()));
    if (!frame.ok || frame.value.type !== 'syncResponse' || !frame.value.treeHead)
      return route.fulfill({ response: res });
    const sig = new Uint8Array(frame.value.treeHead.sig);
    sig[0] = (sig[0] ?? 0) ^ 1;
    const body = encodeFrame({ ...frame.value, treeHead: { ...frame.value.treeHead, sig } });
    await route.fulfill({
      status: 200,
      contentType: 'application/octet-stream',
      body: Buffer.from(body),
    });
  });
  await openApp(rewritten, url, 'hi');
  await shoot(
    rewritten,
    '08-log-alarm',
    rewritten.getByRole('alert').filter({ hasText: hi['logAlarm.title'] }),
  );

  const limited = (await browser.newTablet('daily-limit')).page;
  await openApp(limited, url, 'en');
  await signIn(limited, 'tehsildar.vikasnagar', 'demo1234');
  await waitForSyncStatus(limited, /^Synced/);
  const error = encodeFrame({ type: 'error', code: 'dailyLimit', detail: 'a day’s worth of data' });
  await limited.route('**/api/sync', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'retry-after': '36000' },
      contentType: 'application/octet-stream',
      body: Buffer.from(error),
    }),
  );
  await openApp(limited, url, 'hi');
  await shoot(limited, '09-daily-limit', limited.getByText(hi['serverError.dailyLimit']));
}

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const tablet = await browser.newTablet('screenshots');
    const { page } = tablet;
    await openApp(page, server.url, 'hi');
    await shoot(page, '01-sign-in', page.locator('input[type="password"]'));

    await openApp(page, server.url, 'en');
    await signIn(page, 'clerk.vikasnagar', 'demo1234');
    const fileUrl = await prepareData(page);

    await openApp(page, server.url, 'hi');
    await page.locator('nav a[href="/"]').waitFor();
    await page.locator('table, [role="list"]').first().waitFor();
    await waitSynced(page);
    await shoot(page, '02-inbox', page.locator('table.records tbody tr'));
    await page.goto(fileUrl);
    await noteSheet(page)
      .or(page.locator('section').filter({ hasText: 'नोटशीट' }))
      .first()
      .waitFor();
    await waitSynced(page);
    await shoot(page, '03-file', page.locator('.notings li, .draft-editor, textarea'));
    await page.getByRole('button', { name: 'भेजें', exact: true }).click();
    await shoot(page, '04-send-dialog', page.getByRole('dialog').locator('select'));
    await page.keyboard.press('Escape');
    // What each page is for: the dak list, the pendency tables, the backup section.
    for (const [href, name, content] of [
      ['/dak', '05-dak', 'main table tbody tr'],
      ['/pendency', '06-pendency', '.pendency table tbody tr'],
      ['/settings', '07-settings', 'main h2'],
    ] as const) {
      // Settings is behind the header's menu.
      if (href === '/settings') await openMenu(page, 'hi');
      await page.locator(`header a[href="${href}"]`).click();
      await page.waitForURL((url) => url.pathname === href);
      await shoot(page, name, page.locator(content));
    }
    await shootAlarms(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
    await server.removeData();
  }
}

await main();
