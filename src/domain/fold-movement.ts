import type { RecordEvent } from './events.ts';
import type { PersonId } from './ids.ts';
import type { Hop, RecordState } from './record.ts';

/**
 * How the fold (fold.ts) moves a record between holders: each send, return or
 * pull back closes the current hop and opens the next, and the holder's first
 * act on a just-sent file counts as opening it. Only the fields a movement
 * changes are named here (MoveAcc); fold.ts's accumulator has them all.
 */

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type MutableHop = Mutable<Hop>;

/** The part of the fold's accumulator a movement changes. */
export type MoveAcc = Mutable<
  Pick<
    RecordState,
    'holder' | 'holderSince' | 'holderSinceVerified' | 'priority' | 'dueDate' | 'awaitingOpen'
  >
> & {
  hops: MutableHop[];
  participants: PersonId[];
};

export function currentHop(s: MoveAcc): MutableHop {
  const hop = s.hops[s.hops.length - 1];
  if (hop === undefined) throw new Error('fold invariant: a record always has a hop');
  return hop;
}

export function addParticipant(s: MoveAcc, p: PersonId): void {
  if (!s.participants.includes(p)) s.participants.push(p);
}

/** The holder acting on a just-sent file has evidently opened it. */
export function openImplicitly(s: MoveAcc, e: RecordEvent, t: number): void {
  if (s.awaitingOpen && e.actor === s.holder) {
    s.awaitingOpen = false;
    currentHop(s).openedAt = t;
  }
}

/** When an event happened, as the fold counts it (see boundedTime). */
export interface When {
  readonly t: number;
  readonly verified: boolean;
}

/** Move the record to `to`, closing the current hop at time t. */
export function moveTo(
  s: MoveAcc,
  { t, verified }: When,
  next: Omit<MutableHop, 'since' | 'until' | 'dwellMs' | 'openedAt' | 'clockVerified'>,
): void {
  currentHop(s).until = t;
  s.hops.push({
    ...next,
    since: t,
    until: null,
    dwellMs: 0,
    openedAt: null,
    clockVerified: verified,
  });
  s.holder = next.holder;
  s.holderSince = t;
  s.holderSinceVerified = verified;
  s.priority = next.priority;
  s.dueDate = next.dueDate;
  addParticipant(s, next.holder);
}

export function applyPullBack(s: MoveAcc, e: RecordEvent, when: When): void {
  const pulledFrom = s.holder;
  currentHop(s).pulledBack = true;
  // The file returns with the priority and due date it had before the send.
  const before = s.hops[s.hops.length - 2];
  moveTo(s, when, {
    holder: e.actor,
    from: pulledFrom,
    remarks: '',
    dueDate: before?.dueDate ?? null,
    priority: before?.priority ?? 'normal',
    pulledBack: false,
    eventId: e.id,
  });
  s.awaitingOpen = false;
}
