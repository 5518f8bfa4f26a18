import type { RecordChange } from '@domain/change.ts';
import type { Role } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import {
  approveLetter,
  dispatchLetter,
  draftLetter,
  letterActions,
  reviseLetter,
} from '@domain/letter-commands.ts';
import type { RecordState } from '@domain/record.ts';
import { CLERK, NAIB, TEHSILDAR } from './builders.ts';

/**
 * Draft-letter steps for the fold's random histories (histories.ts): a person
 * does the first letter command the domain offers them now (letterActions) —
 * dispatch, approve, revise or begin a draft — so concurrent offline versions,
 * approvals and dispatches of one draft meet in the fold.
 */

/**
 * An office whose directory lets all three approve (approverRoles is per office), so
 * approvals are frequent and the fold's letter rules, not roles, decide what applies.
 */
const OFFICE = { approverRoles: ['deskAssistant', 'naibTehsildar', 'tehsildar'] as Role[] };

const ROLES: ReadonlyMap<PersonId, Role> = new Map<PersonId, Role>([
  [CLERK, 'deskAssistant'],
  [NAIB, 'naibTehsildar'],
  [TEHSILDAR, 'tehsildar'],
]);

export function letterStep(
  change: RecordChange,
  state: RecordState,
  person: PersonId,
  pick: number,
  /** Unique per call: the tablet's dispatch sequence. */
  seq: number,
  device: number,
): void {
  const allowed = letterActions(state, person, ROLES.get(person) ?? 'deskAssistant', OFFICE);
  const first = <T>(ids: ReadonlySet<T>): T | undefined => [...ids][pick % Math.max(1, ids.size)];
  const dispatch = first(allowed.dispatch);
  const approve = first(allowed.approve);
  const revise = first(allowed.revise);
  const content = {
    to: `addressee ${pick % 3}`,
    subject: 'letter',
    reference: null,
    hindi: `पाठ ${seq}`,
    english: pick % 2 === 0 ? '' : `text ${seq}`,
  };
  if (dispatch !== undefined && pick % 3 !== 0) {
    const number = `VKN/DSP/2026/${device + 1}-${seq}(I)`;
    dispatchLetter(change, { draft: dispatch, mode: 'post', date: '2026-04-01', number });
  } else if (approve !== undefined && pick % 3 !== 1) {
    approveLetter(change, { draft: approve, office: OFFICE });
  } else if (revise !== undefined && pick % 2 === 0) {
    reviseLetter(change, { draft: revise, content });
  } else if (allowed.draft) {
    draftLetter(change, { template: 'blank', content });
  }
}
