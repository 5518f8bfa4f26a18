import { useI18n } from '../../hooks/useI18n.ts';
import { usePracticeOffline } from '../../hooks/usePracticeOffline.ts';
import './trainer.css';

/**
 * "Practice offline": pauses this device's sync (the running engine follows the
 * stored switch, services/practice-offline.ts) so a class can watch work carry
 * on and reconcile when it is switched off.
 */
export function PracticeOfflineSwitch() {
  const { t } = useI18n();
  const { on, set } = usePracticeOffline();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on === true}
      className="practice-switch"
      disabled={on === undefined}
      onClick={() => void set(!on)}
    >
      <span className="knob" aria-hidden="true" />
      <span>{t('practice.switch')}</span>
    </button>
  );
}
