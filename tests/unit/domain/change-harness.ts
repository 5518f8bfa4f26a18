import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import type { Role } from '@domain/directory.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import type { PersonId } from '@domain/ids.ts';
import type { Outcome } from '@domain/outcome.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { DAY, T0, eid, hlcAt, meta } from './builders.ts';

export const NOW = T0 + 30 * DAY;

/**
 * One record on one shared clock that advances with each tick, as devices do
 * once their HLC has received the record's latest event. `run` begins a change
 * as `actor` on the events so far, runs a command and keeps what it added.
 */
export function record(m: RecordMeta = meta()) {
  const events: RecordEvent[] = [];
  let t = T0 + 1000;
  let ids = 1000;
  const ctx = (actor: PersonId, role?: Role): ChangeContext => ({
    actor,
    ...(role ? { role } : {}),
    tick: () => {
      t += 1;
      return { hlc: hlcAt(t), deviceTime: t, clockVerified: true };
    },
    newEventId: () => eid(++ids),
    now: NOW,
  });
  const as = (actor: PersonId, role?: Role): RecordChange =>
    beginChange({ meta: m, events }, ctx(actor, role));
  return {
    events,
    ctx,
    as,
    state: (): RecordState => foldRecord(m, events, NOW),
    run<T>(actor: PersonId, command: (c: RecordChange) => Outcome<T>, role?: Role): Outcome<T> {
      const c = as(actor, role);
      const r = command(c);
      events.push(...c.events);
      return r;
    },
  };
}
