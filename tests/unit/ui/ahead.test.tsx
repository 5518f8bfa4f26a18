// Work done ahead after a start (useAhead.ts): a tehsildar's tablet reads the
// review's rows in idle moments, so the first Pendency visit reads none itself.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '@i18n/en.ts';
import type { AppEnv } from '@ui/app-context.ts';
import { PendencyPage } from '@ui/lazy-pages.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN } from './names.ts';
import { createFile, sendTo } from './steps.ts';
import { wrapRecordsTable } from '../storage/records-table.ts';

/** Idle moments come at once (a timer of 0). */
const soon: NonNullable<AppEnv['ahead']> = {
  afterMs: 0,
  whenIdle: (then) => {
    const handle = setTimeout(then, 0);
    return () => clearTimeout(handle);
  },
  pages: false,
};

/** A tablet where the clerk has sent the tehsildar a file; whole and paged reads of `records` counted. */
async function tabletWithAFile(ahead: AppEnv['ahead']) {
  const device = newDevice(ahead === undefined ? {} : { env: { ahead } });
  const reads = { whole: 0, paged: 0 };
  wrapRecordsTable(device.db, 'count-whole-reads', (table) => ({
    query: (req) => {
      if (req.values && req.query.index.isPrimaryKey)
        reads[req.limit === undefined || req.limit === Infinity ? 'whole' : 'paged']++;
      return table.query(req);
    },
  }));
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  await createFile(device, EN, 'Demarcation of khasra 12');
  await sendTo(device, EN, TEHSILDAR.id);
  await signOutOf(device, EN);
  return { device, reads };
}

/** Opens Pendency until the review has been counted: the office's table, or for a desk, nothing pending. */
async function firstPendencyVisit(
  device: Awaited<ReturnType<typeof tabletWithAFile>>['device'],
  shows: { readonly role: 'table'; readonly name: string } | { readonly text: string },
) {
  await device.user.click(screen.getByRole('link', { name: EN.pendency }));
  const region = await screen.findByRole('region', { name: EN.pendency });
  await ('text' in shows
    ? within(region).findByText(shows.text)
    : within(region).findByRole(shows.role, { name: shows.name }));
}

const OFFICE_TABLE = { role: 'table', name: 'Pendency by office' } as const;

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('work done ahead after a start', () => {
  it("an office review's rows are read ahead in pages: the first visit reads no whole table", async () => {
    const { device, reads } = await tabletWithAFile(soon);
    await signInAs(device, EN, TEHSILDAR.id);
    await vi.waitFor(() => expect(reads.paged).toBeGreaterThan(0));
    const whole = reads.whole;
    await firstPendencyVisit(device, OFFICE_TABLE);
    expect(reads.whole - whole).toBe(0);
  });

  it('with nothing done ahead, the first visit reads the whole table', async () => {
    const { device, reads } = await tabletWithAFile(undefined);
    await signInAs(device, EN, TEHSILDAR.id);
    const whole = reads.whole;
    await firstPendencyVisit(device, OFFICE_TABLE);
    expect(reads.whole - whole).toBe(1);
    expect(reads.paged).toBe(0);
  });

  it('a clerk (a desk review) reads nothing ahead', async () => {
    const { device, reads } = await tabletWithAFile(soon);
    await signInAs(device, EN, CLERK.id);
    await firstPendencyVisit(device, { text: en['review.empty'] });
    expect(reads.whole).toBeGreaterThan(0);
    expect(reads.paged).toBe(0);
  });

  it("an office review's Pendency code runs at the first idle moment; the other pages' wait, and a clerk's too", async () => {
    const preload = vi.spyOn(PendencyPage, 'preload').mockResolvedValue(undefined);
    // The other pages wait a minute; an idle moment is the moment it is asked for.
    const { device } = await tabletWithAFile({
      afterMs: 60_000,
      whenIdle: (then) => {
        then();
        return () => undefined;
      },
      pages: true,
    });
    expect(preload).not.toHaveBeenCalled();
    await signInAs(device, EN, TEHSILDAR.id);
    await vi.waitFor(() => expect(preload).toHaveBeenCalledTimes(1));
    await signOutOf(device, EN);
    preload.mockClear();
    await signInAs(device, EN, CLERK.id);
    // Its effects have run once the page is on screen: a clerk's review is their desk.
    await firstPendencyVisit(device, { text: en['review.empty'] });
    expect(preload).not.toHaveBeenCalled();
  });
});
