// What each open tablet showed when an e2e test failed, written to the test's output: a
// failure in CI is read from its log, where "waiting for getByLabel('Send to')" says what
// the test looked for but not what the screen held instead (an error page, a sign-in
// form, a dialog that never opened). A screenshot goes beside the tests' others.
//
// A CI log may keep only its end, and vitest prints a test's output long before its
// summary: `npm test` (scripts/test.mjs) names a file in PATRAVALI_FAILURE_REPORTS, the
// report is added to it too, and the file is printed again after a failed stage.
import { appendFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { openTablets } from './harness/browser.ts';

const SHOTS = process.env['PATRAVALI_E2E_SHOTS'] ?? join(tmpdir(), 'patravali-e2e-shots');
/** A page that does not answer within this is reported as such; the report must not hang. */
const READ_MS = 5_000;
const TEXT_CHARS = 2_000;

beforeEach(({ onTestFailed }) => {
  onTestFailed(async ({ task }) => {
    const name = `${task.file.name.replace(/^.*\//, '')} > ${task.name}`;
    const lines = [`--- what the tablets showed when "${name}" failed ---`];
    await mkdir(SHOTS, { recursive: true }).catch(() => undefined);
    for (const tablet of openTablets) {
      for (const [i, page] of tablet.context.pages().entries()) {
        lines.push(`[${tablet.name} page ${i}] ${page.url()}`);
        lines.push(await pageText(page));
        const shot = join(SHOTS, `failed-${slug(name)}-${slug(tablet.name)}-${i}.png`);
        await page.screenshot({ path: shot, timeout: READ_MS }).then(
          () => lines.push(`(screenshot: ${shot.replace(tmpdir(), '$TMPDIR')})`),
          () => lines.push('(no screenshot)'),
        );
      }
      if (tablet.pageErrors.length > 0) lines.push(`page errors: ${tablet.pageErrors.join(' | ')}`);
      if (tablet.consoleLines.length > 0) lines.push(`console: ${tablet.consoleLines.join(' | ')}`);
    }
    const report = lines.join('\n');
    console.error(report);
    const file = process.env['PATRAVALI_FAILURE_REPORTS'];
    if (file !== undefined) await appendFile(file, `${report}\n\n`).catch(() => undefined);
  });
});

async function pageText(page: Page): Promise<string> {
  try {
    const text = await page.locator('body').innerText({ timeout: READ_MS });
    const squashed = text.replace(/\s+/g, ' ').trim();
    return squashed.length > TEXT_CHARS ? `${squashed.slice(0, TEXT_CHARS)}…` : squashed;
  } catch (error) {
    return `(the page's text could not be read: ${(error as Error).message.split('\n')[0]})`;
  }
}

function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
