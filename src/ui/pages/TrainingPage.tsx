import { DemoResetPanel } from '../components/trainer/DemoResetPanel.tsx';
import { ExercisePanel } from '../components/trainer/ExercisePanel.tsx';
import { TodaysPost } from '../components/trainer/TodaysPost.tsx';
import { useI18n } from '../hooks/useI18n.ts';

/**
 * `/training`: the guided exercise and today's post to diarise for everyone;
 * the demo reset for the trainer only.
 */
export function TrainingPage() {
  const { t } = useI18n();
  return (
    <div className="training">
      <h1>{t('training.title')}</h1>
      <ExercisePanel />
      <TodaysPost />
      <DemoResetPanel />
    </div>
  );
}
