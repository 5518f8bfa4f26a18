import { readEvents, readMeta } from '@doc/record-doc.ts';
import type { Role } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import { exerciseTicks, type ExerciseTicks, type RecordFacts } from './exercise-ticks.ts';
import { loadRecordDoc } from '../db/record-store.ts';

/**
 * The guided exercise's per-person progress on this device (trainer mode).
 *
 * What is stored where: kv `exercise:<personId>` holds ExerciseProgress — when
 * the person started and when they last opened the Pendency page. Nothing else:
 * the ticks are derived from the device's records and drafts (exercise-ticks.ts),
 * so a step is done only when the work really exists. Reset deletes the row.
 */

export interface ExerciseProgress {
  readonly version: 1;
  readonly startedAt: number;
  readonly pendencyVisitedAt: number | null;
}

export interface ExerciseView {
  readonly progress: ExerciseProgress;
  readonly ticks: ExerciseTicks;
}

/** Records touched within this long before the start are still read (clock skew between tablets). */
const SKEW_MS = 12 * 3_600_000;

const keyOf = (person: PersonId): string => `${KV_KEYS.exercisePrefix}${person}`;

export async function exerciseProgress(
  db: PatravaliDb,
  person: PersonId,
): Promise<ExerciseProgress | null> {
  const value = await readKv<unknown>(db, keyOf(person));
  return isProgress(value) ? value : null;
}

/** Starts (or starts again): only work done from `now` on counts. */
export async function startExercise(db: PatravaliDb, person: PersonId, now: number): Promise<void> {
  const progress: ExerciseProgress = { version: 1, startedAt: now, pendencyVisitedAt: null };
  await writeKv(db, keyOf(person), progress);
}

export async function resetExercise(db: PatravaliDb, person: PersonId): Promise<void> {
  await db.kv.delete(keyOf(person));
}

/** Remembers a visit to the Pendency page, if the person is doing the exercise. */
export async function notePendencyVisit(
  db: PatravaliDb,
  person: PersonId,
  at: number,
): Promise<void> {
  await db.transaction('rw', db.kv, async () => {
    const progress = await exerciseProgress(db, person);
    if (progress === null) return;
    await writeKv(db, keyOf(person), { ...progress, pendencyVisitedAt: at });
  });
}

/** Progress and ticks for useLiveQuery; null when the person has not started. */
export async function exerciseQuery(
  db: PatravaliDb,
  person: PersonId,
  roleOf: (id: PersonId) => Role | undefined,
): Promise<ExerciseView | null> {
  const progress = await exerciseProgress(db, person);
  if (progress === null) return null;
  const summaries = await db.records
    .where('participants')
    .equals(person)
    .filter((r) => r.lastActivity >= progress.startedAt - SKEW_MS)
    .toArray();
  const records: RecordFacts[] = [];
  for (const s of summaries) {
    const doc = await loadRecordDoc(db, s.id);
    const meta = readMeta(doc);
    if (meta.ok) records.push({ meta: meta.value, events: readEvents(doc) });
    doc.destroy();
  }
  const drafts = await db.drafts.where('author').equals(person).toArray();
  const ticks = exerciseTicks({
    learner: person,
    startedAt: progress.startedAt,
    records,
    draftSavedAt: drafts.filter((d) => d.text.trim() !== '').map((d) => d.updatedAt),
    pendencyVisitedAt: progress.pendencyVisitedAt,
    roleOf,
  });
  return { progress, ticks };
}

function isProgress(value: unknown): value is ExerciseProgress {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['version'] === 1 &&
    typeof v['startedAt'] === 'number' &&
    (v['pendencyVisitedAt'] === null || typeof v['pendencyVisitedAt'] === 'number')
  );
}
