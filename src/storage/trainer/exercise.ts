import { readEvents, readMeta } from '@doc/record-doc.ts';
import type { Role } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { PatravaliDb } from '../db/db.ts';
import { exerciseTicks, type ExerciseTicks, type RecordFacts } from './exercise-ticks.ts';
import { loadRecordDoc } from '../db/record-store.ts';
import { exerciseProgress, type ExerciseProgress } from './exercise-progress.ts';

/**
 * The guided exercise's ticks, derived from the device's records and drafts
 * (exercise-ticks.ts): reads records' Yjs documents, so it is loaded with the
 * trainer's page (index.ts loads it on first use), not with the app shell.
 * The stored progress is in exercise-progress.ts.
 */

export interface ExerciseView {
  readonly progress: ExerciseProgress;
  readonly ticks: ExerciseTicks;
}

/** Records touched within this long before the start are still read (clock skew between tablets). */
const SKEW_MS = 12 * 3_600_000;

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
