import type { RecordChange } from './change.ts';
import type { Role } from './directory.ts';
import type { EventId, PersonId } from './ids.ts';
import type { Outcome } from './outcome.ts';
import type { RecordEvent } from './events.ts';
import type { RecordState } from './record.ts';
import { mayProduce } from './roles.ts';
import { checkEvent } from './rules.ts';

/**
 * `Close volume` (volumes.ts): the holder closes the volume being written and
 * the file continues in the next one. The fold's rules refuse it first on the
 * tablet (not the holder, a closed file, a receipt, an empty volume).
 */
export function closeVolume(c: RecordChange): Outcome<RecordEvent> {
  const state = c.state();
  return c.add({ type: 'volumeClosed', basis: state?.head ?? null, volume: state?.volume ?? 1 });
}

const PROBE_ID = '00000000-0000-4000-8000-000000000000' as EventId;

/** Whether `actor` may close the volume being written now: the page shows `Close volume` only then. */
export function mayCloseVolume(state: RecordState, actor: PersonId, role?: Role): boolean {
  if (role !== undefined && !mayProduce(role, 'volumeClosed')) return false;
  const probe: RecordEvent = {
    id: PROBE_ID,
    actor,
    hlc: '',
    deviceTime: 0,
    clockVerified: false,
    type: 'volumeClosed',
    basis: state.head,
    volume: state.volume,
  };
  return checkEvent(state, probe) === null;
}
