import { useId } from 'react';
import type { MessageKey } from '@i18n/hi.ts';
import { countDone, EXERCISE_STEPS, type ExerciseStep } from '@storage/trainer/index.ts';
import { useExerciseProgress } from '../../hooks/useExerciseProgress.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import './trainer.css';

const STEP_TEXT: Readonly<Record<ExerciseStep, { title: MessageKey; hint: MessageKey }>> = {
  diarise: { title: 'exercise.step.diarise', hint: 'exercise.step.diariseHint' },
  openFile: { title: 'exercise.step.openFile', hint: 'exercise.step.openFileHint' },
  noting: { title: 'exercise.step.noting', hint: 'exercise.step.notingHint' },
  send: { title: 'exercise.step.send', hint: 'exercise.step.sendHint' },
  approve: { title: 'exercise.step.approve', hint: 'exercise.step.approveHint' },
  pendency: { title: 'exercise.step.pendency', hint: 'exercise.step.pendencyHint' },
};

/**
 * The guided exercise: one office day, step by step. Ticks are derived from the
 * device's real records (useExerciseProgress), never from clicks here.
 */
export function ExercisePanel() {
  const { t, formatDateTime } = useI18n();
  const { view, start, reset } = useExerciseProgress();
  const ids = useId();
  if (view === undefined) return <p>{t('app.loading')}</p>;
  const done = view ? countDone(view.ticks) : 0;
  const total = EXERCISE_STEPS.length;
  return (
    <section aria-labelledby={`${ids}-h`} className="exercise">
      <h2 id={`${ids}-h`}>{t('exercise.title')}</h2>
      <p>{t('exercise.intro')}</p>
      {view === null ? (
        <button type="button" className="primary" onClick={() => void start()}>
          {t('exercise.start')}
        </button>
      ) : (
        <>
          <p>
            <small>
              {t('exercise.startedAt', { time: formatDateTime(view.progress.startedAt) })}
            </small>
          </p>
          <p id={`${ids}-p`}>{t('exercise.progress', { done, total })}</p>
          <progress value={done} max={total} aria-labelledby={`${ids}-p`} />
          <ol className="exercise-steps" aria-label={t('exercise.title')}>
            {EXERCISE_STEPS.map((step) => {
              const ticked = view.ticks[step];
              return (
                <li key={step} className={ticked ? 'done' : 'todo'} data-step={step}>
                  <span className="tick" aria-hidden="true">
                    {ticked ? '✓' : '○'}
                  </span>
                  <span>
                    {t(STEP_TEXT[step].title)}
                    <span className="visually-hidden">
                      {' — '}
                      {t(ticked ? 'exercise.stepDone' : 'exercise.stepTodo')}
                    </span>
                    <small>{t(STEP_TEXT[step].hint)}</small>
                  </span>
                </li>
              );
            })}
          </ol>
          {done === total && <p role="status">{t('exercise.complete')}</p>}
          <button type="button" onClick={() => void reset()}>
            {t('exercise.reset')}
          </button>
        </>
      )}
    </section>
  );
}
