/**
 * The UI's way into storage/trainer/: the guided exercise and practising offline.
 * A façade of its own (src/ui may not import deeper; eslint.config.mjs), so that a
 * lazily loaded page that uses it does not pull this code into the first download.
 */
export { EXERCISE_STEPS, countDone, type ExerciseStep } from './exercise-ticks.ts';
export {
  exerciseQuery,
  notePendencyVisit,
  resetExercise,
  startExercise,
  type ExerciseView,
} from './exercise.ts';
export { isPracticeOffline, setPracticeOffline } from './practice-offline.ts';
