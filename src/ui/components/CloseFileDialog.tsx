import { useId, useState } from 'react';
import {
  RETENTION_CATEGORIES,
  defaultReviewDate,
  isPermanent,
  isRetentionCategory,
  retentionYears,
  type RetentionCategory,
} from '@domain/retention.ts';
import type { Retention } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/** A retention category's name, e.g. "C-5 — keep 5 years, then weed". */
export function useRetentionLabel(): (category: RetentionCategory) => string {
  const { t } = useI18n();
  return (category) =>
    isPermanent(category)
      ? t(`retention.cat.${category}` as 'retention.cat.A')
      : t('retention.cat.C', { count: retentionYears(category) });
}

/**
 * `Close file`, after asking: the retention category of the schedule and the
 * review date it gives (from today, the closing date), which may be moved later
 * (domain/retention.ts says how far).
 */
export function CloseFileDialog({
  closedOn,
  onClose,
  onCancel,
}: {
  /** Today, `YYYY-MM-DD`: the closing date the review date counts from. */
  readonly closedOn: string;
  readonly onClose: (retention: Retention) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useI18n();
  const label = useRetentionLabel();
  const ids = useId();
  const [category, setCategory] = useState<RetentionCategory | ''>('');
  const [reviewDate, setReviewDate] = useState('');
  const [missing, setMissing] = useState(false);
  const earliest =
    category === '' || isPermanent(category) ? closedOn : defaultReviewDate(category, closedOn);
  const fields = (
    <div className="retention-fields">
      <label htmlFor={`${ids}-c`}>{t('retention.category')}</label>
      <select
        id={`${ids}-c`}
        value={category}
        onChange={(e) => {
          const value = e.target.value;
          if (!isRetentionCategory(value)) return;
          setCategory(value);
          setReviewDate(defaultReviewDate(value, closedOn));
          setMissing(false);
        }}
      >
        <option value="" disabled>
          {t('retention.choose')}
        </option>
        {RETENTION_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {label(c)}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-d`}>{t('retention.reviewDate')}</label>
      <input
        id={`${ids}-d`}
        type="date"
        value={reviewDate}
        min={earliest}
        disabled={category === ''}
        aria-describedby={`${ids}-h`}
        onChange={(e) => setReviewDate(e.target.value)}
      />
      <p id={`${ids}-h`} className="hint">
        {t('retention.reviewHint')}
      </p>
      {missing && <p role="alert">{t('retention.needed')}</p>}
    </div>
  );
  return (
    <ConfirmDialog
      title={t('close.confirmTitle')}
      confirm={t('close.confirm')}
      onConfirm={() => {
        if (category === '' || reviewDate === '') setMissing(true);
        else onClose({ category, reviewDate });
      }}
      onCancel={onCancel}
      fields={fields}
    >
      <p>{t('close.confirmText')}</p>
    </ConfirmDialog>
  );
}
