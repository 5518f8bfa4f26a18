// Records life cycle (issue 17): a close carries the retention schedule's category
// and a review date; the schedule's date, the limits on moving it, the schema, the
// command, the fold and the projection row.
import { describe, expect, it } from 'vitest';
import { beginChange, type ChangeContext } from '@domain/change.ts';
import { close } from '@domain/commands.ts';
import { foldRecord } from '@domain/fold.ts';
import { projectRecord } from '@domain/projection.ts';
import {
  RETENTION_CATEGORIES,
  addYears,
  defaultReviewDate,
  retentionProblem,
} from '@domain/retention.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { CLERK, DAY, T0, eid, ev, hlcAt, meta, move } from './builders.ts';

/** T0 is 5 Jan 2026, 10:00 IST: the closing date of these closes. */
const CLOSED_ON = '2026-01-05';

const closed = (extra: Record<string, unknown>) =>
  ev(2, 'closed', CLERK, T0 + 1000, { basis: null, remarks: '', ...extra });

describe('retention schedule', () => {
  it('has A, B and C-1 … C-10, nothing else', () => {
    expect(RETENTION_CATEGORIES).toEqual([
      'A',
      'B',
      ...Array.from({ length: 10 }, (_, i) => `C-${i + 1}`),
    ]);
  });

  it('gives A and B a review after 25 years and C-n its weeding after n years', () => {
    expect(defaultReviewDate('A', CLOSED_ON)).toBe('2051-01-05');
    expect(defaultReviewDate('B', CLOSED_ON)).toBe('2051-01-05');
    expect(defaultReviewDate('C-1', CLOSED_ON)).toBe('2027-01-05');
    expect(defaultReviewDate('C-10', CLOSED_ON)).toBe('2036-01-05');
    // A file closed on 29 February is reviewed on 28 February of a common year.
    expect(addYears('2028-02-29', 3)).toBe('2031-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('takes both fields or neither, a known category and a date the schedule allows', () => {
    const at = T0;
    expect(retentionProblem({}, at)).toBeNull();
    expect(retentionProblem({ retention: 'C-5', reviewDate: '2031-01-05' }, at)).toBeNull();
    // Moved later: allowed; an A file may be reviewed any time after closing.
    expect(retentionProblem({ retention: 'C-5', reviewDate: '2033-06-30' }, at)).toBeNull();
    expect(retentionProblem({ retention: 'A', reviewDate: CLOSED_ON }, at)).toBeNull();
    expect(retentionProblem({ retention: 'C-5' }, at)).toMatch(/go together/);
    expect(retentionProblem({ reviewDate: '2031-01-05' }, at)).toMatch(/go together/);
    for (const bad of ['D', 'C-11', 'C-0', 'c-5', 'C5', '', 5, null])
      expect(retentionProblem({ retention: bad, reviewDate: '2031-01-05' }, at)).toMatch(
        /unknown retention category/,
      );
    expect(retentionProblem({ retention: 'B', reviewDate: '2031-02-30' }, at)).toMatch(/date/);
    expect(retentionProblem({ retention: 'C-5', reviewDate: '2031-01-04' }, at)).toBe(
      'a C-5 file may not be weeded before 2031-01-05',
    );
    expect(retentionProblem({ retention: 'B', reviewDate: '2026-01-04' }, at)).toMatch(
      /before the file was closed/,
    );
    expect(retentionProblem({ retention: 'A', reviewDate: '2126-01-06' }, at)).toMatch(
      /more than 100 years/,
    );
  });
});

describe('a close with retention', () => {
  it('parses with both fields, or with none (a close made before), and refuses the rest', () => {
    expect(parseEvent(closed({})).ok).toBe(true);
    expect(parseEvent(closed({ retention: 'C-3', reviewDate: '2029-01-05' })).ok).toBe(true);
    const bad = parseEvent(closed({ retention: 'D', reviewDate: '2029-01-05' }));
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/retention category/) });
    const early = parseEvent(closed({ retention: 'C-3', reviewDate: '2028-01-05' }));
    expect(early).toEqual({ ok: false, error: expect.stringMatching(/not be weeded before/) });
    expect(parseEvent(closed({ retention: 'A' })).ok).toBe(false);
  });

  it('is made by the close command, which refuses a review date the schedule does not allow', () => {
    let n = 100;
    const ctx: ChangeContext = {
      actor: CLERK,
      tick: () => ({ hlc: hlcAt(T0 + DAY), deviceTime: T0 + DAY, clockVerified: true }),
      newEventId: () => eid(++n),
      now: T0 + DAY,
    };
    const ok = beginChange({ meta: meta(), events: [] }, ctx);
    const made = close(ok, {
      remarks: '',
      retention: { category: 'C-2', reviewDate: '2028-01-06' },
    });
    expect(made).toMatchObject({
      ok: true,
      value: { type: 'closed', retention: 'C-2', reviewDate: '2028-01-06' },
    });
    const early = close(beginChange({ meta: meta(), events: [] }, ctx), {
      remarks: '',
      retention: { category: 'C-2', reviewDate: '2027-12-31' },
    });
    expect(early).toMatchObject({ ok: false, error: 'invalidInput' });
  });

  it('folds into the state and the projection row; reopening clears it, the next close sets it', () => {
    const m = meta();
    const first = ev(2, 'closed', CLERK, T0 + DAY, {
      basis: null,
      remarks: 'disposed',
      retention: 'C-5',
      reviewDate: '2031-01-06',
    });
    const s = foldRecord(m, [first], T0 + 2 * DAY);
    expect(s.retention).toEqual({
      category: 'C-5',
      reviewDate: '2031-01-06',
      closedOn: '2026-01-06',
    });
    expect(projectRecord(s).retention).toEqual(s.retention);

    const reopened = move(3, 'reopened', CLERK, T0 + 2 * DAY, first.id);
    expect(foldRecord(m, [first, reopened], T0 + 3 * DAY).retention).toBeNull();
    const again = ev(4, 'closed', CLERK, T0 + 3 * DAY, {
      basis: reopened.id,
      remarks: '',
      retention: 'A',
      reviewDate: '2051-01-08',
    });
    expect(foldRecord(m, [first, reopened, again], T0 + 4 * DAY).retention).toMatchObject({
      category: 'A',
      closedOn: '2026-01-08',
    });
    // A close from before the life cycle carries none.
    expect(foldRecord(m, [closed({})], T0 + DAY).retention).toBeNull();
  });
});
