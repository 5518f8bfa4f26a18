import { DemoResetPanel } from '../components/trainer/DemoResetPanel.tsx';
import { ExercisePanel } from '../components/trainer/ExercisePanel.tsx';
import { useI18n } from '../hooks/useI18n.ts';

/** `/training`: the guided exercise for everyone; the demo reset for the trainer only. */
export function TrainingPage() {
  const { t } = useI18n();
  return (
    <div className="training">
      <h1>{t('training.title')}</h1>
      <ExercisePanel />
      <DemoResetPanel />
    </div>
  );
}
