/**
 * The UI's way into storage/trainer/: the guided exercise and practising offline.
 * A façade of its own (src/ui may not import deeper; eslint.config.mjs), so that a
 * lazily loaded page that uses it does not pull this code into the first download.
 */
export { EXERCISE_STEPS, countDone, type ExerciseStep } from './exercise-ticks.ts';
import { lazyModule } from '../lazy-module.ts';

export { notePendencyVisit, resetExercise, startExercise } from './exercise-progress.ts';
export type { ExerciseView } from './exercise.ts';
/** Reads records' Yjs documents: loaded with the trainer's page, not the app shell. */
export const exerciseQuery = lazyModule(() => import('./exercise.ts')).fn('exerciseQuery');
export { isPracticeOffline, setPracticeOffline } from './practice-offline.ts';
