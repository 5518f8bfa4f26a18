import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { findPerson } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import {
  exerciseQuery,
  resetExercise,
  startExercise,
  type ExerciseView,
} from '@storage/trainer/index.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * The signed-in person's guided exercise, live: `view` is undefined while
 * loading, null before they start. Ticks come from the device's records
 * (storage/trainer/exercise.ts), so they change when the work does, wherever it was done.
 */
export function useExerciseProgress(): {
  readonly view: ExerciseView | null | undefined;
  readonly start: () => Promise<void>;
  readonly reset: () => Promise<void>;
} {
  const { deviceContext } = useSignedIn();
  const { db, person, directory, now } = deviceContext;
  const roleOf = useMemo(() => (id: PersonId) => findPerson(directory, id)?.role, [directory]);
  const view = useLiveQuery(() => exerciseQuery(db, person.id, roleOf), [db, person.id, roleOf]);
  const start = useCallback(() => startExercise(db, person.id, now()), [db, person.id, now]);
  const reset = useCallback(() => resetExercise(db, person.id), [db, person.id]);
  return { view, start, reset };
}
