import { describe, expect, it } from 'vitest';
import type { Role } from '@domain/directory.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asEventId, asOfficeId, asPersonId, asRecordId, type PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { countDone, exerciseTicks, type RecordFacts } from '@storage/trainer/exercise-ticks.ts';

const ME = asPersonId('clerk.vikasnagar');
const TEHSILDAR = asPersonId('tehsildar.vikasnagar');
const KANUNGO = asPersonId('kanungo.vikasnagar');
const ROLES: Record<string, Role> = {
  [ME]: 'deskAssistant',
  [TEHSILDAR]: 'tehsildar',
  [KANUNGO]: 'kanungo',
};
const roleOf = (p: PersonId): Role | undefined => ROLES[p];
const START = 1_000_000;

let n = 0;
function base(actor: PersonId, deviceTime: number, hlc: string) {
  n += 1;
  return { id: asEventId(`e${n}`), actor, hlc, deviceTime, clockVerified: true };
}
const noting = (actor: PersonId, t: number, hlc: string): RecordEvent => ({
  ...base(actor, t, hlc),
  type: 'noting',
  text: 'x',
});
const sent = (actor: PersonId, t: number, hlc: string, to: PersonId): RecordEvent => ({
  ...base(actor, t, hlc),
  type: 'sent',
  basis: null,
  to,
  remarks: '',
  dueDate: null,
  priority: 'normal',
});

function file(createdBy: PersonId, t: number, events: RecordEvent[]): RecordFacts {
  const meta: RecordMeta = {
    schemaVersion: 1,
    kind: 'file',
    id: asRecordId(`00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`),
    number: 'VKN/REV/2026/3-1',
    subject: 's',
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    createdBy,
    createdAt: 'h',
    createdDeviceTime: t,
    clockVerified: true,
  };
  return { meta, events };
}

const input = (records: RecordFacts[], extra: Partial<Parameters<typeof exerciseTicks>[0]> = {}) =>
  exerciseTicks({
    learner: ME,
    startedAt: START,
    records,
    draftSavedAt: [],
    pendencyVisitedAt: null,
    roleOf,
    ...extra,
  });

describe('exercise ticks', () => {
  it('ignores work from before the start', () => {
    const early = file(ME, START - 1, [
      noting(ME, START - 1, '001'),
      sent(ME, START - 1, '002', TEHSILDAR),
      noting(TEHSILDAR, START + 5, '003'),
    ]);
    const ticks = input([early], { draftSavedAt: [START - 1], pendencyVisitedAt: START + 9 });
    expect(countDone(ticks)).toBe(0);
  });

  it('approve needs a tehsildar’s noting after the learner’s send', () => {
    const before = file(ME, START, [
      noting(TEHSILDAR, START, '001'),
      sent(ME, START, '002', TEHSILDAR),
    ]);
    expect(input([before]).approve).toBe(false);
    const byKanungo = file(ME, START, [
      sent(ME, START, '002', KANUNGO),
      noting(KANUNGO, START, '003'),
    ]);
    expect(input([byKanungo]).approve).toBe(false);
    const approved = file(ME, START, [
      sent(ME, START, '002', TEHSILDAR),
      noting(TEHSILDAR, 5, '003'),
    ]);
    expect(input([approved])).toMatchObject({ openFile: true, send: true, approve: true });
  });

  it('pendency counts only a visit after the first send; a saved draft counts as the noting', () => {
    const f = file(KANUNGO, START, [sent(ME, START + 100, '010', TEHSILDAR)]);
    expect(input([f], { pendencyVisitedAt: START + 50 }).pendency).toBe(false);
    expect(input([f], { pendencyVisitedAt: START + 150 }).pendency).toBe(true);
    expect(input([f]).openFile).toBe(false);
    expect(input([], { draftSavedAt: [START + 1] }).noting).toBe(true);
  });
});
