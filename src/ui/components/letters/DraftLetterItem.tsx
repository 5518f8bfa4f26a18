import type { ReactNode } from 'react';
import { DAY_MS } from '@domain/calendar.ts';
import type { Office } from '@domain/directory.ts';
import type { AttachedReceipt } from '@domain/record.ts';
import {
  changedFields,
  currentVersion,
  draftStage,
  type DraftLetter,
  type LetterVersion,
} from '@domain/letters.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useRegisterNumber } from '../../hooks/useRegisterNumber.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';

interface Props {
  readonly draft: DraftLetter;
  readonly receipts: readonly AttachedReceipt[];
  /** The file's office: whether it keeps a running register, and its code. */
  readonly office: Office | undefined;
  readonly now: number;
  /** Buttons offered now (letterActions); the parent runs them. */
  readonly onEdit: (() => void) | null;
  readonly onApprove: (() => void) | null;
  readonly onDispatch: (() => void) | null;
  /** `Print letter`, once approved. */
  readonly print: ReactNode;
}

const days = (since: number, now: number) => Math.max(0, Math.floor((now - since) / DAY_MS));

/**
 * One draft letter: where it stands (awaiting approval, approved by whom and
 * which version, dispatched with its `Dispatch number`), the text shown (the
 * approved version once approved, else the current one) in Hindi and English
 * side by side, and every version with who made it, when and what changed.
 */
export function DraftLetterItem(props: Props) {
  const { draft, receipts, now, onEdit, onApprove, onDispatch, print } = props;
  const { t, lang, formatDateTime, formatIsoDate } = useI18n();
  const registerNumber = useRegisterNumber(props.office);
  const register = draft.dispatch === null ? null : registerNumber(draft.dispatch);
  const { directory } = useSignedIn().deviceContext;
  const name = (id: LetterVersion['by']) => personName(directory, id, lang);
  const stage = draftStage(draft);
  const approvedIndex = draft.versions.findIndex((v) => v.eventId === draft.approval?.version);
  const shown = draft.versions[approvedIndex] ?? currentVersion(draft);
  const reply = receipts.find((r) => r.receiptId === shown.reference);
  return (
    <li className={`draft-letter ${stage}`}>
      <h3>{shown.subject}</h3>
      <p className="letter-to">
        {t('letters.to')}: {shown.to}
      </p>
      {reply && <p>{t('letters.inReplyTo', { number: reply.diaryNumber })}</p>}
      <p className="letter-stage">
        {stage === 'awaitingApproval' &&
          t('letters.awaitingApproval', { days: days(draft.versions[0]?.at ?? now, now) })}
        {draft.approval !== null &&
          t('letters.approvedBy', {
            name: name(draft.approval.by),
            date: formatDateTime(draft.approval.at),
            version: approvedIndex + 1,
          })}
      </p>
      {stage === 'approved' && draft.approval !== null && (
        <p>{t('letters.awaitingDispatch', { days: days(draft.approval.at, now) })}</p>
      )}
      {draft.dispatch !== null && (
        <p className="letter-dispatch">
          {t('letters.dispatched', {
            date: formatIsoDate(draft.dispatch.date),
            mode: t(`letters.mode.${draft.dispatch.mode}`),
          })}{' '}
          · {t('letters.dispatchNumber')}: <strong>{draft.dispatch.number}</strong>
          {register !== null && (
            <>
              {' '}
              · {t('runningRegister.number')}:{' '}
              {draft.dispatch.register === null ? (
                <em className="register-pending">{register}</em>
              ) : (
                <strong>{register}</strong>
              )}
            </>
          )}
        </p>
      )}
      <div className="letter-text">
        <div lang="hi">
          {shown.english !== '' && <h4>{t('letters.hindiHeading')}</h4>}
          <p>{shown.hindi}</p>
        </div>
        {shown.english !== '' && (
          <div lang="en">
            <h4>{t('letters.englishHeading')}</h4>
            <p>{shown.english}</p>
          </div>
        )}
      </div>
      <details className="letter-versions">
        <summary>{t('letters.versions', { count: draft.versions.length })}</summary>
        <ol>
          {draft.versions.map((v, i) => (
            <li key={v.eventId}>
              <VersionLine draft={draft} index={i} name={name(v.by)} when={formatDateTime(v.at)} />
            </li>
          ))}
        </ol>
      </details>
      <div className="row">
        {onEdit && (
          <button type="button" onClick={onEdit}>
            {t('letters.edit')}
          </button>
        )}
        {onApprove && (
          <button type="button" onClick={onApprove}>
            {t('letters.approve')}
          </button>
        )}
        {onDispatch && (
          <button type="button" onClick={onDispatch}>
            {t('letters.dispatch')}
          </button>
        )}
        {print}
      </div>
    </li>
  );
}

function VersionLine(props: {
  readonly draft: DraftLetter;
  readonly index: number;
  readonly name: string;
  readonly when: string;
}) {
  const { t } = useI18n();
  const { draft, index, name, when } = props;
  const v = draft.versions[index];
  if (v === undefined) return null;
  if (index === 0) return <>{t('letters.versionFirst', { name, date: when })}</>;
  const fields = changedFields(draft.versions[index - 1], v).map((f) => t(`letters.field.${f}`));
  const approvedAt = draft.versions.findIndex((x) => x.eventId === draft.approval?.version);
  const unapproved = approvedAt >= 0 && index > approvedAt;
  return (
    <>
      {t('letters.version', {
        n: index + 1,
        name,
        date: when,
        fields: fields.length === 0 ? t('letters.noChange') : fields.join(', '),
      })}
      {unapproved && ` · ${t('letters.notApproved')}`}
    </>
  );
}
