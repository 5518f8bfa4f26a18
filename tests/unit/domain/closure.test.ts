// The approver of a file's closure (issue 17; CSMOP: a file is closed with an officer's
// approval). The close names the officer; the fold puts them on the access list (so a
// confidential closed file reaches the closer and the approver) and shows who closed it and
// who approved; reopened, the approver stays on the list. Approvers are the office's officers
// and those above it (closureApprovers); the command refuses anyone else, and the server
// refuses a close naming anyone else or one its author could see they may not make
// (closureProblem); a close from an older state stays a conflict. The schema takes a person.
import { describe, expect, it } from 'vitest';
import { close, note, reopen, send } from '@domain/commands.ts';
import { changeGrade } from '@domain/grade-commands.ts';
import { closureApprovers, closureProblem, mayApproveClosure } from '@domain/closure.ts';
import { foldRecord } from '@domain/fold.ts';
import { mayRead, onAccessList } from '@domain/grades.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { DEFAULT_APPROVER_ROLES } from '@domain/letters.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import { CLERK, NAIB, T0, TEHSILDAR, ev, meta } from './builders.ts';
import { NOW, record } from './change-harness.ts';

const VKN = asOfficeId('vikasnagar');
const SDM = asPersonId('sdm.vikasnagar');
const CHAKRATA_TEHSILDAR = asPersonId('tehsildar.chakrata');
const approvers = closureApprovers(DEMO_DIRECTORY, VKN).map((p) => p.id);
const approve = (by = TEHSILDAR) => ({ remarks: '', approvedBy: by, approvers });
const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;

function confidentialFile() {
  const r = record();
  r.run(CLERK, (c) => changeGrade(c, { grade: 'confidential', officers: DEFAULT_APPROVER_ROLES }));
  r.run(CLERK, (c) => note(c, { text: 'May be recorded.' }));
  return r;
}

describe('closure approvers', () => {
  it('are the officers of the office and of the offices above it', () => {
    expect(approvers).toEqual([
      'tehsildar.vikasnagar',
      'sdm.vikasnagar',
      'adm.dehradun',
      'dm.dehradun',
      'trainer',
    ]);
    expect(mayApproveClosure(DEMO_DIRECTORY, VKN, CLERK)).toBe(false);
    expect(mayApproveClosure(DEMO_DIRECTORY, VKN, NAIB)).toBe(false);
    // Another tehsil's officer approves that tehsil's files, not this one's.
    expect(mayApproveClosure(DEMO_DIRECTORY, VKN, CHAKRATA_TEHSILDAR)).toBe(false);
    expect(mayApproveClosure(DEMO_DIRECTORY, VKN, asPersonId('nobody'))).toBe(false);
  });
});

describe('closing a file with its approver', () => {
  it('puts the approver on the access list of a confidential file, and says who closed and who approved', () => {
    const r = confidentialFile();
    expect(mayRead(r.state(), TEHSILDAR)).toBe(false);
    expect(r.run(CLERK, (c) => close(c, approve())).ok).toBe(true);
    const s = r.state();
    expect(s.status).toBe('closed');
    expect(s.closure).toMatchObject({ by: CLERK, approvedBy: TEHSILDAR });
    expect(s.readers).toEqual([TEHSILDAR]);
    expect(mayRead(s, TEHSILDAR)).toBe(true);
    expect(mayRead(s, CLERK)).toBe(true);
    // Nobody else is added.
    expect(mayRead(s, NAIB)).toBe(false);
    expect(mayRead(s, SDM)).toBe(false);
  });

  it('adds nobody twice: an approver who held the file is on the list already', () => {
    const r = confidentialFile();
    r.run(CLERK, (c) => send(c, { to: TEHSILDAR, ...plain }));
    r.run(TEHSILDAR, (c) => send(c, { to: CLERK, ...plain }));
    r.run(CLERK, (c) => close(c, approve()));
    const s = r.state();
    expect(onAccessList(s, TEHSILDAR)).toBe(true);
    expect(s.readers).toEqual([]);
  });

  it('keeps the approver on the list when the file is reopened; the next close names its own', () => {
    const r = confidentialFile();
    r.run(CLERK, (c) => close(c, approve()));
    r.run(CLERK, reopen);
    expect(r.state().closure).toBeNull();
    expect(r.state().readers).toEqual([TEHSILDAR]);
    r.run(CLERK, (c) => close(c, approve(SDM)));
    expect(r.state().closure).toMatchObject({ approvedBy: SDM });
    expect(r.state().readers).toEqual([TEHSILDAR, SDM]);
  });

  it('is refused by the command when the approver is not an officer of the office', () => {
    const r = confidentialFile();
    for (const who of [NAIB, CHAKRATA_TEHSILDAR]) {
      expect(r.run(CLERK, (c) => close(c, approve(who)))).toMatchObject({
        ok: false,
        error: 'notAllowed',
      });
    }
    expect(r.state().status).toBe('active');
    expect(r.state().readers).toEqual([]);
  });

  it('gives no access through a close that did not take effect', () => {
    const m = meta();
    const grade = ev(1, 'gradeChanged', CLERK, T0 + 1000, { grade: 'confidential' });
    // The naib never held the file: their close is a conflict and names nobody to the list.
    const forged = ev(2, 'closed', NAIB, T0 + 2000, {
      basis: null,
      remarks: '',
      approvedBy: TEHSILDAR,
    });
    const s = foldRecord(m, [grade, forged], NOW);
    expect(s.status).toBe('active');
    expect(s.readers).toEqual([]);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['notAllowed']);
  });
});

describe('closureProblem (the server)', () => {
  const m = meta();
  const may = (p: ReturnType<typeof asPersonId>) => mayApproveClosure(DEMO_DIRECTORY, m.office, p);
  const closing = (n: number, actor = CLERK, approvedBy = TEHSILDAR, basis = null) =>
    ev(n, 'closed', actor, T0 + n * 1000, { basis, remarks: '', approvedBy });

  it('takes a close naming an officer', () => {
    const c = closing(1);
    expect(closureProblem(foldRecord(m, [c], NOW), [c], may)).toBeNull();
  });

  it('refuses a close naming someone who may not approve it', () => {
    for (const who of [NAIB, CHAKRATA_TEHSILDAR, asPersonId('nobody')]) {
      const c = closing(1, CLERK, who);
      expect(closureProblem(foldRecord(m, [c], NOW), [c], may)).toMatch(/may not approve/);
    }
  });

  it('refuses a close its author could see they may not make; keeps one from an older state', () => {
    const forged = closing(1, NAIB);
    expect(closureProblem(foldRecord(m, [forged], NOW), [forged], may)).toMatch(/notAllowed/);
    const first = closing(1);
    // The holder closed it on another tablet too, offline: stale, kept as a conflict.
    const again = closing(2);
    const s = foldRecord(m, [first, again], NOW);
    expect(s.conflicts.map((c) => c.reason)).toEqual(['staleBasis']);
    expect(closureProblem(s, [again], may)).toBeNull();
    // Closed already, and the author saw it closed.
    const late = ev(3, 'closed', CLERK, T0 + 3000, {
      basis: first.id,
      remarks: '',
      approvedBy: TEHSILDAR,
    });
    expect(closureProblem(foldRecord(m, [first, late], NOW), [late], may)).toMatch(/recordClosed/);
  });

  it('leaves a close naming no approver (made before it) to the fold', () => {
    const old = ev(1, 'closed', NAIB, T0 + 1000, { basis: null, remarks: '' });
    expect(closureProblem(foldRecord(m, [old], NOW), [old], may)).toBeNull();
  });
});

describe('the schema', () => {
  it('takes a username as the approver, nothing else', () => {
    const good = ev(1, 'closed', CLERK, T0, { basis: null, remarks: '', approvedBy: TEHSILDAR });
    expect(parseEvent(good).ok).toBe(true);
    expect(parseEvent({ ...good, approvedBy: '' }).ok).toBe(false);
    expect(parseEvent({ ...good, approvedBy: 42 }).ok).toBe(false);
    expect(parseEvent({ ...good, approvedBy: [TEHSILDAR] }).ok).toBe(false);
  });
});
