import { describe, expect, it } from 'vitest';
import { foldRecord } from '@domain/fold.ts';
import { mayProduce } from '@domain/roles.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, DAY, NAIB, T0, ev, meta } from './builders.ts';

const HASH = 'ab'.repeat(32);

function scan(n: number, actor = CLERK, sha256 = HASH) {
  return ev(n, 'attachmentAdded', actor, T0 + n * 1000, {
    sha256,
    mime: 'image/jpeg',
    bytes: 180_000,
    pages: 1,
    name: 'letter.jpg',
    width: 1600,
    height: 2000,
  });
}

describe('attachmentAdded event', () => {
  it('passes the schema and is folded into state.attachments', () => {
    const e = scan(1);
    expect(parseEvent(e).ok).toBe(true);
    const state = foldRecord(meta('receipt'), [e], T0 + DAY);
    expect(state.attachments).toEqual([
      expect.objectContaining({ sha256: HASH, mime: 'image/jpeg', by: CLERK, pages: 1 }),
    ]);
    expect(state.conflicts).toEqual([]);
  });

  it.each([
    ['a forged hash', { sha256: 'AB'.repeat(32) }],
    ['a short hash', { sha256: 'ab' }],
    ['an unknown mime', { mime: 'text/html' }],
    ['zero bytes', { bytes: 0 }],
    ['too many bytes', { bytes: 1e12 }],
    ['no pages', { pages: 0 }],
    ['an empty name', { name: '  ' }],
    ['a negative width', { width: -3 }],
    ['an extra field', { url: 'http://x' }],
  ])('refuses %s', (_label, change) => {
    expect(parseEvent({ ...scan(1), ...change }).ok).toBe(false);
  });

  it('a PDF carries no pixel size', () => {
    expect(parseEvent({ ...scan(1), mime: 'application/pdf', width: null, height: null }).ok).toBe(
      true,
    );
  });

  it('only the holder attaches, and the same scan twice on one record is refused', () => {
    const state = foldRecord(meta('file'), [scan(1), scan(2, NAIB), scan(3)], T0 + DAY);
    expect(state.attachments).toHaveLength(1);
    expect(state.conflicts.map((c) => c.reason)).toEqual(['notHolder', 'notAllowed']);
  });

  it('every office role may attach', () => {
    expect(mayProduce('sdm', 'attachmentAdded')).toBe(true);
    expect(mayProduce('deskAssistant', 'attachmentAdded')).toBe(true);
  });

  it('old records without scans fold to an empty list', () => {
    expect(foldRecord(meta('file'), [], T0).attachments).toEqual([]);
  });
});
