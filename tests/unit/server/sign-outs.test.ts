import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openSignOuts,
  SIGN_OUTS_FILE,
  type SignOut,
} from '../../../sync-server/relay/sign-outs.ts';

/**
 * An office relay's sign-outs still to tell the district (relay-sign-outs.json)
 * stay bounded while the district does not take them (an older district answers
 * 404 for good): an expired one is dropped at each sign-out, not only once the
 * district was told, and past the cap those whose sessions expire first are
 * dropped, said in the log.
 */

const DAY = 24 * 60 * 60_000;
const NOW = Date.UTC(2026, 11, 6, 10, 0);
const out = (n: number, expiresAt: number): SignOut => ({
  tokenHash: n.toString(16).padStart(64, '0'),
  expiresAt,
});

describe('the sign-outs an office relay keeps for the district', () => {
  let dir = '';
  let lines: string[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-sign-outs-'));
    lines = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const onDisk = (): SignOut[] =>
    existsSync(join(dir, SIGN_OUTS_FILE))
      ? (JSON.parse(readFileSync(join(dir, SIGN_OUTS_FILE), 'utf8')) as SignOut[])
      : [];

  it('drops the expired ones at each sign-out, the district never told', async () => {
    const signOuts = openSignOuts(dir, (l) => lines.push(l));
    await signOuts.add(out(1, NOW + DAY), NOW);
    await signOuts.add(out(2, NOW + 3 * DAY), NOW);
    // Two days on, the first session has expired: it is not kept with the next.
    await signOuts.add(out(3, NOW + 5 * DAY), NOW + 2 * DAY);
    expect(onDisk()).toEqual([out(2, NOW + 3 * DAY), out(3, NOW + 5 * DAY)]);
    expect(lines).toEqual([]);
  });

  it('keeps at most the cap, dropping those that expire first, and says so', async () => {
    const signOuts = openSignOuts(dir, (l) => lines.push(l), 3);
    await signOuts.add(out(1, NOW + 4 * DAY), NOW);
    await signOuts.add(out(2, NOW + 1 * DAY), NOW);
    await signOuts.add(out(3, NOW + 5 * DAY), NOW);
    expect(lines).toEqual([]);
    await signOuts.add(out(4, NOW + 2 * DAY), NOW);
    expect(onDisk()).toEqual([out(1, NOW + 4 * DAY), out(3, NOW + 5 * DAY), out(4, NOW + 2 * DAY)]);
    expect(signOuts.list(NOW)).toEqual(onDisk());
    expect(lines).toEqual([
      `relay: ${SIGN_OUTS_FILE} keeps at most 3 sign-outs the district has not taken; dropped 1 ` +
        `whose sessions expire first (live at the district until ${new Date(NOW + DAY).toISOString()} at the latest)`,
    ]);
    // Opened again (a restarted relay): the same three.
    expect(openSignOuts(dir, (l) => lines.push(l), 3).list(NOW)).toEqual(onDisk());
  });

  it('signing out the same session again keeps it once', async () => {
    const signOuts = openSignOuts(dir, (l) => lines.push(l), 1);
    await signOuts.add(out(1, NOW + DAY), NOW);
    await signOuts.add(out(1, NOW + DAY), NOW);
    expect(onDisk()).toEqual([out(1, NOW + DAY)]);
    expect(lines).toEqual([]);
  });
});
