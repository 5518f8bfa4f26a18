import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { notePendencyVisit } from '@storage/trainer/index.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { usePracticeOffline } from '../../hooks/usePracticeOffline.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import './trainer.css';

/** Below the header on every page: the practice-offline banner, and the exercise's page watcher. */
export function TrainingStrip() {
  const { t } = useI18n();
  const { on } = usePracticeOffline();
  useNotePendencyVisits();
  if (!on) return null;
  return (
    <div className="practice-banner" aria-live="polite">
      <strong>{t('practice.banner')}</strong> <span>{t('practice.bannerHint')}</span>
    </div>
  );
}

/** The exercise's "see it in pendency" step: opening the Pendency page is the real action. */
function useNotePendencyVisits(): void {
  const [location] = useLocation();
  const { deviceContext } = useSignedIn();
  const { db, person, now } = deviceContext;
  useEffect(() => {
    if (location === '/pendency') void notePendencyVisit(db, person.id, now());
  }, [location, db, person.id, now]);
}
