// Security grades (issue 17): the rules for who sets, raises and lowers a record's
// grade and who names readers, the fold (grade, readers, history), the projection row,
// the commands, the schema, and the server's gradeProblem on what the fold refused.
import { describe, expect, it } from 'vitest';
import { send } from '@domain/commands.ts';
import { changeGrade, gradeActions, grantAccess } from '@domain/grade-commands.ts';
import { gradeProblem, mayRead, withheldFrom } from '@domain/grades.ts';
import { DEFAULT_APPROVER_ROLES } from '@domain/letters.ts';
import { projectRecord } from '@domain/projection.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { asPersonId } from '@domain/ids.ts';
import { CLERK, NAIB, T0, TEHSILDAR, ev, meta } from './builders.ts';
import { NOW, record } from './change-harness.ts';
import { foldRecord } from '@domain/fold.ts';

const KANUNGO = asPersonId('kanungo.vikasnagar');
const DM = asPersonId('dm.dehradun');
const officers = DEFAULT_APPROVER_ROLES;
const sendTo = (to: typeof CLERK) => (c: Parameters<typeof send>[0]) =>
  send(c, { to, remarks: '', dueDate: null, priority: 'normal' });

describe('security grades', () => {
  it('are normal until set; the creator sets one, the holder names readers', () => {
    const r = record();
    expect(r.state().grade).toBe('normal');
    // Nobody is named to a normal record's list: its office sees it anyway.
    expect(r.run(CLERK, (c) => grantAccess(c, { person: DM })).ok).toBe(false);
    expect(r.run(CLERK, (c) => changeGrade(c, { grade: 'confidential', officers })).ok).toBe(true);
    expect(r.run(CLERK, (c) => grantAccess(c, { person: DM })).ok).toBe(true);
    const s = r.state();
    expect(s.grade).toBe('confidential');
    expect(s.readers).toEqual([DM]);
    expect(s.gradeChanges.map((g) => [g.from, g.to, g.by])).toEqual([
      ['normal', 'confidential', CLERK],
    ]);
    const row = projectRecord(s);
    expect([row.grade, row.readers]).toEqual(['confidential', [DM]]);
  });

  it('refuses a grade or a reader from someone who does not hold the record', () => {
    const r = record();
    r.run(CLERK, (c) => changeGrade(c, { grade: 'secret', officers }));
    r.run(CLERK, sendTo(KANUNGO));
    expect(r.run(CLERK, (c) => grantAccess(c, { person: DM }))).toMatchObject({
      ok: false,
      error: 'notHolder',
    });
    expect(r.run(NAIB, (c) => grantAccess(c, { person: NAIB }))).toMatchObject({
      ok: false,
      error: 'notHolder',
    });
    // A reader already on the list, and the grade it already has, add nothing.
    expect(r.run(KANUNGO, (c) => grantAccess(c, { person: CLERK })).ok).toBe(false);
    expect(r.run(KANUNGO, (c) => changeGrade(c, { grade: 'secret', officers })).ok).toBe(false);
  });

  it('lets only a holder who is the creator or an officer lower it', () => {
    const r = record();
    r.run(CLERK, (c) => changeGrade(c, { grade: 'secret', officers }));
    r.run(CLERK, sendTo(KANUNGO));
    const lower = (c: Parameters<typeof changeGrade>[0]) =>
      changeGrade(c, { grade: 'confidential', officers });
    expect(r.run(KANUNGO, lower, 'kanungo')).toMatchObject({ ok: false, error: 'notAllowed' });
    expect(gradeActions(r.state(), KANUNGO, 'kanungo', officers).grades).toEqual([]);
    r.run(KANUNGO, sendTo(TEHSILDAR), 'kanungo');
    expect(gradeActions(r.state(), TEHSILDAR, 'tehsildar', officers)).toEqual({
      grades: ['normal', 'confidential'],
      mayGrant: true,
    });
    expect(r.run(TEHSILDAR, lower, 'tehsildar').ok).toBe(true);
    expect(r.state().grade).toBe('confidential');
  });

  it('lets the server name what the fold did not take, and a lowering by the wrong person', () => {
    const m = meta();
    const raise = ev(1, 'gradeChanged', CLERK, T0 + 1000, { grade: 'secret' });
    const sent = ev(2, 'sent', CLERK, T0 + 2000, {
      basis: null,
      to: KANUNGO,
      remarks: '',
      dueDate: null,
      priority: 'normal',
    });
    const byOther = ev(3, 'accessGranted', CLERK, T0 + 3000, { person: DM });
    const lower = ev(4, 'gradeChanged', KANUNGO, T0 + 4000, { grade: 'normal' });
    const s = foldRecord(m, [raise, sent, byOther, lower], NOW);
    expect(gradeProblem(s, [byOther], () => true)).toMatch(/accessGranted by .*notHolder/);
    expect(gradeProblem(s, [lower], () => false)).toMatch(/only the creator or an officer/);
    expect(gradeProblem(s, [lower], () => true)).toBeNull();
    expect(gradeProblem(s, [raise, sent], () => false)).toBeNull();
  });

  it('withholds a restricted record’s subject from anyone off its list', () => {
    const row = { participants: [CLERK], readers: [DM], grade: 'secret' as const, subject: 'x' };
    expect(mayRead(row, DM)).toBe(true);
    expect(mayRead(row, NAIB)).toBe(false);
    expect(withheldFrom(row, NAIB).subject).toBe('');
    expect(withheldFrom(row, CLERK).subject).toBe('x');
    expect(withheldFrom({ ...row, grade: 'normal' }, NAIB).subject).toBe('x');
  });

  it('takes only the three grades and a username in the schema', () => {
    const e = { ...ev(1, 'gradeChanged', CLERK, T0, { grade: 'secret' }) };
    expect(parseEvent(e).ok).toBe(true);
    expect(parseEvent({ ...e, grade: 'topSecret' }).ok).toBe(false);
    const g = ev(2, 'accessGranted', CLERK, T0, { person: DM });
    expect(parseEvent(g).ok).toBe(true);
    expect(parseEvent({ ...g, person: 'not a user!' }).ok).toBe(false);
    expect(parseEvent({ ...g, extra: 1 }).ok).toBe(false);
  });
});
