import { useEffect, useState } from 'react';
import { istDate } from '@domain/calendar.ts';
import { closureApprovers } from '@domain/closure.ts';
import { findPerson } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import {
  closeFile,
  getFormDraft,
  park,
  pullBack,
  reopen,
  sendFormName,
  sendRecord,
  type Outcome,
  type SendInput,
} from '@storage/services.ts';
import type { Draft } from '../hooks/useDraft.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { useUnsavedBackup } from '../hooks/useUnsavedBackup.ts';
import { personWithDesignation } from '../people.ts';
import { allowedActionsFor } from '../record-actions.ts';
import type { UiError } from '../errors.ts';
import { CloseFileDialog } from './CloseFileDialog.tsx';
import { ErrorText } from './ErrorText.tsx';
import { SendDialog } from './SendDialog.tsx';

interface Props {
  readonly state: RecordState;
  /** My draft on a file; saved before sending so the send finalises exactly what was typed. */
  readonly draft: Draft | null;
}

/**
 * Send, Pull back, Park, Close file (after asking), Reopen — each shown only when
 * allowed for me. A holder who may not close the file is told why (closeRule: the
 * desk that opened a file closes it, naming the officer who approved the closure,
 * as CSMOP has the dealing hand record a file on an officer's orders), since
 * Close volume is theirs and Close file is not.
 */
export function RecordActions({ state, draft }: Props) {
  const { t, lang } = useI18n();
  const { deviceContext } = useSignedIn();
  const { now } = useEnv();
  const [sending, setSending] = useState(false);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const allowed = allowedActionsFor(state, deviceContext.person.id, deviceContext.person.role);
  const id: RecordId = state.meta.id;
  const me = deviceContext.person.id;
  const opener = state.meta.createdBy;
  const closedByOpener =
    state.meta.kind === 'file' &&
    state.status !== 'closed' &&
    state.holder === me &&
    opener !== me &&
    !allowed.close;
  const openerPerson = findPerson(deviceContext.directory, opener);

  // A Send dialog left half-filled (e.g. by an app update, or a reload within the
  // autosave's pause: its backup, decision 0018) opens again with what was typed.
  const canSend = allowed.send;
  const sendBackup = useUnsavedBackup({ kind: 'form', form: sendFormName(id) });
  useEffect(() => {
    if (!canSend) return;
    let cancelled = false;
    void getFormDraft(deviceContext, sendFormName(id)).then((kept) => {
      if (!cancelled && (kept !== null || sendBackup.read() !== null)) setSending(true);
    });
    return () => {
      cancelled = true;
    };
  }, [deviceContext, id, canSend, sendBackup]);

  async function run(action: () => Promise<Outcome>) {
    const outcome = await action();
    setError(outcome.ok ? null : outcome.error);
  }

  async function send(input: SendInput): Promise<UiError | null> {
    if (draft && draft.text.trim() !== '') {
      const saved = await draft.save();
      if (!saved.ok) return saved.error;
    }
    const outcome = await sendRecord(deviceContext, id, input);
    if (!outcome.ok) return outcome.error;
    draft?.reset();
    setSending(false);
    return null;
  }

  return (
    <div className="actions" role="group" aria-label={t('file.actions')}>
      {allowed.send && (
        <button type="button" className="primary" onClick={() => setSending(true)}>
          {t('file.send')}
        </button>
      )}
      {allowed.pullBack && (
        <button type="button" onClick={() => void run(() => pullBack(deviceContext, id))}>
          {t('file.pullBack')}
        </button>
      )}
      {allowed.park && (
        <button type="button" onClick={() => void run(() => park(deviceContext, id))}>
          {t('file.park')}
        </button>
      )}
      {allowed.close && (
        <button type="button" onClick={() => setClosing(true)}>
          {t('file.closeFile')}
        </button>
      )}
      {allowed.reopen && (
        <button type="button" onClick={() => void run(() => reopen(deviceContext, id))}>
          {t('file.reopen')}
        </button>
      )}
      {closedByOpener && (
        <p className="hint close-by-opener">
          {t('close.byOpener', {
            opener: openerPerson === undefined ? opener : personWithDesignation(openerPerson, lang),
          })}
        </p>
      )}
      <ErrorText error={error} />
      {closing && (
        <CloseFileDialog
          closedOn={istDate(now())}
          approvers={closureApprovers(deviceContext.directory, state.meta.office)}
          me={deviceContext.person.id}
          onClose={(retention, approvedBy) => {
            setClosing(false);
            void run(() => closeFile(deviceContext, id, '', retention, approvedBy));
          }}
          onCancel={() => setClosing(false)}
        />
      )}
      {sending && (
        <SendDialog
          recordId={id}
          current={state}
          copies={state.meta.kind === 'file' ? 'copyTo' : 'alsoTo'}
          onSend={send}
          onCancel={() => setSending(false)}
        />
      )}
    </div>
  );
}
