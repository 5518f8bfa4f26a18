import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { createWanted, WANTED_MAX } from '../../../sync-server/relay/scans-down.ts';

/** The scans an office relay's tablets asked for, to fetch from the district (scans-down.ts). */

const A = asRecordId('00000000-0000-4000-8000-00000000000a');
const B = asRecordId('00000000-0000-4000-8000-00000000000b');
const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('the scans a relay fetches for its tablets', () => {
  it('keeps each scan once, oldest first, with the record first asked with', () => {
    const wanted = createWanted();
    expect(wanted.next()).toBeUndefined();
    wanted.want(hash(1), A);
    wanted.want(hash(2), B);
    wanted.want(hash(1), B);
    expect(wanted.next()).toEqual({ sha256: hash(1), recordId: A });
    wanted.drop(hash(1));
    expect(wanted.next()).toEqual({ sha256: hash(2), recordId: B });
    wanted.drop(hash(2));
    expect(wanted.next()).toBeUndefined();
  });

  it('drops asks past its bound, so tablets asking for everything cannot grow it', () => {
    const wanted = createWanted(2);
    for (let i = 0; i < 5; i++) wanted.want(hash(i), A);
    const got: string[] = [];
    for (let s = wanted.next(); s !== undefined; s = wanted.next()) {
      got.push(s.sha256);
      wanted.drop(s.sha256);
    }
    expect(got).toEqual([hash(0), hash(1)]);
    // Room again: the next ask is kept.
    wanted.want(hash(3), A);
    expect(wanted.next()?.sha256).toBe(hash(3));
    expect(WANTED_MAX).toBe(200);
  });
});
