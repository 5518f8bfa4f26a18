import type { Role } from '@domain/directory.ts';
import type { RecordEvent, SentEvent } from '@domain/events.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';

/**
 * Which steps of the guided exercise (trainer mode, "one office day") the
 * learner has really done, derived only from what the device holds: record
 * events, the learner's drafts and the progress record's pendency visit.
 * Pure, so the ticks are the same however the data arrived (this tablet or sync).
 */

export const EXERCISE_STEPS = [
  'diarise',
  'openFile',
  'noting',
  'send',
  'approve',
  'pendency',
] as const;
export type ExerciseStep = (typeof EXERCISE_STEPS)[number];
export type ExerciseTicks = Readonly<Record<ExerciseStep, boolean>>;

export interface RecordFacts {
  readonly meta: RecordMeta;
  readonly events: readonly RecordEvent[];
}

export interface TickInput {
  readonly learner: PersonId;
  /** When the learner pressed "Start exercise" (device ms); earlier work does not count. */
  readonly startedAt: number;
  readonly records: readonly RecordFacts[];
  /** When the learner's own drafts were last saved (a noting written but not yet sent). */
  readonly draftSavedAt: readonly number[];
  /** The learner's last visit to the Pendency page, or null. */
  readonly pendencyVisitedAt: number | null;
  readonly roleOf: (person: PersonId) => Role | undefined;
}

export function exerciseTicks(input: TickInput): ExerciseTicks {
  const mine = (e: RecordEvent): boolean =>
    e.actor === input.learner && e.deviceTime >= input.startedAt;
  const all = input.records.flatMap((r) => r.events.map((e) => ({ record: r, e })));
  const my = all.filter(({ e }) => mine(e));
  const sends = my.filter((x): x is { record: RecordFacts; e: SentEvent } => x.e.type === 'sent');
  const firstSendAt = Math.min(...sends.map(({ e }) => e.deviceTime));
  return {
    diarise: my.some(({ e }) => e.type === 'diarised'),
    openFile:
      input.records.some((r) => createdFileByLearner(r.meta, input)) ||
      my.some(({ e }) => e.type === 'putInFile' || e.type === 'receiptAttached'),
    noting:
      my.some(({ e }) => e.type === 'noting') ||
      input.draftSavedAt.some((at) => at >= input.startedAt),
    send: sends.length > 0,
    approve: sends.some(({ record, e }) => tehsildarNotedAfter(record, e, input.roleOf)),
    pendency:
      sends.length > 0 &&
      input.pendencyVisitedAt !== null &&
      input.pendencyVisitedAt >= firstSendAt,
  };
}

function createdFileByLearner(meta: RecordMeta, input: TickInput): boolean {
  return (
    meta.kind === 'file' &&
    meta.createdBy === input.learner &&
    meta.createdDeviceTime >= input.startedAt
  );
}

/** A tehsildar's noting on the record, later in event order than the learner's send. */
function tehsildarNotedAfter(
  record: RecordFacts,
  sent: SentEvent,
  roleOf: (person: PersonId) => Role | undefined,
): boolean {
  return record.events.some(
    (e) =>
      e.type === 'noting' &&
      e.actor !== sent.actor &&
      roleOf(e.actor) === 'tehsildar' &&
      e.hlc > sent.hlc,
  );
}

export function countDone(ticks: ExerciseTicks): number {
  return EXERCISE_STEPS.filter((s) => ticks[s]).length;
}
