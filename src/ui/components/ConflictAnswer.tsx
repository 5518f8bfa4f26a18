import { useId, useState } from 'react';
import { LIMITS } from '@domain/events.ts';
import type { Conflict, RecordState } from '@domain/record.ts';
import { dismissConflict, resubmitIntoDraft } from '@storage/services.ts';
import type { UiError } from '../errors.ts';
import type { Draft } from '../hooks/useDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { ErrorText } from './ErrorText.tsx';

/**
 * What the author of a conflict can do about it: re-submit a noting's text
 * into their draft (one tap, when they hold the file; otherwise they are told
 * who has it), and dismiss it with a reason that is kept in the record.
 */
/** One conflict on the file page, the file's state and my draft (when I may note now). */
export interface ConflictProps {
  readonly conflict: Conflict;
  readonly state: RecordState;
  readonly draft: Draft | null;
}

export function ConflictAnswer({ conflict, state, draft }: ConflictProps) {
  const { t, lang } = useI18n();
  const { deviceContext } = useSignedIn();
  const ids = useId();
  const [error, setError] = useState<UiError | null>(null);
  const [copied, setCopied] = useState(false);
  const { event } = conflict;

  async function resubmit() {
    if (draft === null) return;
    // What was typed but not yet saved goes first, so it is kept above the text.
    await draft.save();
    const outcome = await resubmitIntoDraft(deviceContext, state.meta.id, event.id);
    if (!outcome.ok) return setError(outcome.error);
    setError(null);
    draft.setText(outcome.value);
    setCopied(true);
  }

  const holder = personName(deviceContext.directory, state.holder, lang);
  return (
    <div className="conflict-actions">
      {event.type !== 'noting' ? (
        <p>{t('conflicts.redoAction')}</p>
      ) : draft === null ? (
        <p>{t('conflicts.notHolderNow', { holder })}</p>
      ) : (
        <>
          <button type="button" aria-describedby={`${ids}-hint`} onClick={() => void resubmit()}>
            {t('conflicts.resubmit')}
          </button>
          <p id={`${ids}-hint`} className="hint">
            {t('conflicts.resubmitHint')}
          </p>
        </>
      )}
      {copied && <p role="status">{t('conflicts.resubmitted')}</p>}
      <DismissForm conflict={conflict} state={state} onError={setError} />
      <ErrorText error={error} />
    </div>
  );
}

function DismissForm({
  conflict,
  state,
  onError,
}: {
  readonly conflict: Conflict;
  readonly state: RecordState;
  readonly onError: (e: UiError | null) => void;
}) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);

  async function dismiss() {
    const why = reason.trim();
    if (why.length === 0 || why.length > LIMITS.dismissReasonChars) return setMissing(true);
    setMissing(false);
    const outcome = await dismissConflict(deviceContext, state.meta.id, conflict.event.id, why);
    onError(outcome.ok ? null : outcome.error);
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('conflicts.dismiss')}
      </button>
    );
  }
  return (
    <div className="conflict-dismiss">
      <label htmlFor={`${ids}-r`}>{t('conflicts.dismissReason')}</label>
      <p id={`${ids}-h`} className="hint">
        {t('conflicts.dismissReasonHint')}
      </p>
      <textarea
        id={`${ids}-r`}
        rows={2}
        aria-describedby={`${ids}-h`}
        maxLength={LIMITS.dismissReasonChars}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {missing && (
        <p role="alert" className="error">
          {t('conflicts.reasonRequired', { max: LIMITS.dismissReasonChars })}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => void dismiss()}>
          {t('conflicts.confirmDismiss')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('conflicts.cancel')}
        </button>
      </div>
    </div>
  );
}
