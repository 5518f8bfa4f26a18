import { useId, useState } from 'react';
import {
  RETENTION_CATEGORIES,
  defaultReviewDate,
  isPermanent,
  isRetentionCategory,
  retentionYears,
  type RetentionCategory,
} from '@domain/retention.ts';
import { isIsoDate } from '@domain/calendar.ts';
import type { Person } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { Retention } from '@domain/record.ts';
import { personWithDesignation } from '../people.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DateField } from './DateField.tsx';

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
 * (domain/retention.ts says how far), and the officer who approved the closure
 * (domain/closure.ts), the closer themselves when they are one.
 */
export function CloseFileDialog({
  closedOn,
  approvers,
  me,
  onClose,
  onCancel,
}: {
  /** Today, `YYYY-MM-DD`: the closing date the review date counts from. */
  readonly closedOn: string;
  /** Who may approve the closure of this file (closureApprovers); none: nobody is asked. */
  readonly approvers: readonly Person[];
  readonly me: PersonId;
  readonly onClose: (retention: Retention, approvedBy: PersonId | undefined) => void;
  readonly onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const label = useRetentionLabel();
  const ids = useId();
  const [category, setCategory] = useState<RetentionCategory | ''>('');
  const [reviewDate, setReviewDate] = useState('');
  const [approver, setApprover] = useState<PersonId | ''>(
    approvers.some((p) => p.id === me) ? me : '',
  );
  const [missing, setMissing] = useState(false);
  const [noApprover, setNoApprover] = useState(false);
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
      <DateField
        id={`${ids}-d`}
        value={reviewDate}
        min={earliest}
        disabled={category === ''}
        describedBy={`${ids}-h`}
        onChange={setReviewDate}
      />
      <p id={`${ids}-h`} className="hint">
        {t('retention.reviewHint')}
      </p>
      {missing && <p role="alert">{t('retention.needed')}</p>}
      {approvers.length > 0 && (
        <>
          <label htmlFor={`${ids}-a`}>{t('closure.approver')}</label>
          <select
            id={`${ids}-a`}
            value={approver}
            aria-describedby={`${ids}-ah`}
            onChange={(e) => {
              setApprover(e.target.value as PersonId);
              setNoApprover(false);
            }}
          >
            <option value="" disabled>
              {t('closure.choose')}
            </option>
            {approvers.map((p) => (
              <option key={p.id} value={p.id}>
                {personWithDesignation(p, lang)}
              </option>
            ))}
          </select>
          <p id={`${ids}-ah`} className="hint">
            {t('closure.approverHint')}
          </p>
          {noApprover && <p role="alert">{t('closure.approverNeeded')}</p>}
        </>
      )}
    </div>
  );
  return (
    <ConfirmDialog
      title={t('close.confirmTitle')}
      confirm={t('close.confirm')}
      onConfirm={() => {
        const unnamed = approvers.length > 0 && approver === '';
        setMissing(category === '' || reviewDate === '');
        setNoApprover(unnamed);
        if (category !== '' && isIsoDate(reviewDate) && !unnamed)
          onClose({ category, reviewDate }, approver === '' ? undefined : approver);
      }}
      onCancel={onCancel}
      fields={fields}
    >
      <p>{t('close.confirmText')}</p>
    </ConfirmDialog>
  );
}
