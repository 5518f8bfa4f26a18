import { describe, expect, it } from 'vitest';
import { DAY_MS, istDate } from '@domain/calendar.ts';
import { incomingPostFor, letterKey } from '@ui/components/trainer/demo-post.ts';
import { RECEIPT_MODES } from '@domain/events.ts';
import { asOfficeId } from '@domain/ids.ts';
import { CATEGORIES } from '@domain/record.ts';
import { loadRecordDoc, readEvents } from '@doc/record-doc.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import { DEMO_SEED, buildDemoRecords } from '../../../sync-server/demo/demo-seed.ts';
import { demoSigners } from '../../../sync-server/demo/demo-signer.ts';
import { createDocRules } from '../../../sync-server/sync/doc-rules.ts';

/** Today's post: the demo district's letters waiting to be diarised, one list per tehsil. */

const NOW = Date.UTC(2026, 3, 1, 20, 0, 0); // 01:30 on 2 April in India
const tehsils = DEMO_DIRECTORY.offices.filter((o) => o.kind === 'tehsil').map((o) => o.id);

describe('incomingPostFor', () => {
  it('gives every demo tehsil about ten letters, and other offices none', () => {
    expect(tehsils).toHaveLength(3);
    for (const office of tehsils) {
      const post = incomingPostFor(office, NOW);
      expect(post.length).toBeGreaterThanOrEqual(8);
      expect(post.length).toBeLessThanOrEqual(12);
      for (const l of post) {
        expect(RECEIPT_MODES).toContain(l.mode);
        expect(CATEGORIES).toContain(l.category);
        expect(l.from).toMatch(/[\u0900-\u097F]/);
        expect(l.subject).toMatch(/[\u0900-\u097F]/);
        expect(l.subject + l.from).not.toMatch(/\{\w+\}/);
      }
      expect(new Set(post.map((l) => letterKey(l.from, l.letterNumber))).size).toBe(post.length);
      expect(new Set(post.map((l) => l.id)).size).toBe(post.length);
    }
    expect(incomingPostFor(asOfficeId('dehradun'), NOW)).toEqual([]);
    expect(incomingPostFor(asOfficeId('somewhere-else'), NOW)).toEqual([]);
  });

  it('dates letters within the last week, in India, and is the same for the same moment', () => {
    const today = istDate(NOW);
    expect(today).toBe('2026-04-02');
    const weekAgo = istDate(NOW - 7 * DAY_MS);
    for (const office of tehsils) {
      const post = incomingPostFor(office, NOW);
      for (const l of post) {
        expect(l.letterDate <= today).toBe(true);
        expect(l.letterDate > weekAgo).toBe(true);
      }
      expect(post.some((l) => l.letterDate === today)).toBe(true);
      expect(incomingPostFor(office, NOW)).toEqual(post);
    }
  });

  it('differs between tehsils, so two classes never diarise the same letter', () => {
    const keys = tehsils.flatMap((o) =>
      incomingPostFor(o, NOW).map((l) => letterKey(l.from, l.letterNumber)),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is not already diarised by the demo seed', () => {
    const deviceNumbers = new Map(tehsils.map((o) => [o, 1]));
    const seeded = buildDemoRecords({
      rules: createDocRules(() => NOW),
      directory: DEMO_DIRECTORY,
      deviceNumbers,
      signers: demoSigners(DEMO_DIRECTORY, DEMO_SEED),
      now: NOW,
    });
    const diarised = new Set(
      seeded.flatMap((item) =>
        readEvents(loadRecordDoc([item.update])).flatMap((e) =>
          e.type === 'diarised' ? [letterKey(e.from, e.letterNumber)] : [],
        ),
      ),
    );
    expect(diarised.size).toBeGreaterThan(0);
    for (const office of tehsils)
      for (const l of incomingPostFor(office, NOW))
        expect(diarised.has(letterKey(l.from, l.letterNumber))).toBe(false);
  });
});

describe('letterKey', () => {
  it('ignores surrounding spaces, as the Dak form stores trimmed text', () => {
    expect(letterKey(' कोषाधिकारी देहरादून ', ' 12/2026')).toBe(
      letterKey('कोषाधिकारी देहरादून', '12/2026'),
    );
    expect(letterKey('a', 'b c')).not.toBe(letterKey('a b', 'c'));
  });
});
