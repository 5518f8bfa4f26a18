import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';
import type { PersonId } from '@domain/ids.ts';

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

function isProgress(value: unknown): value is ExerciseProgress {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v['version'] === 1 &&
    typeof v['startedAt'] === 'number' &&
    (v['pendencyVisitedAt'] === null || typeof v['pendencyVisitedAt'] === 'number')
  );
}
