import { useState } from 'react';
import { istDate } from '@domain/calendar.ts';
import { findOffice } from '@domain/directory.ts';
import type { LetterContent, LetterTemplate } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import { letterActions } from '@domain/letter-commands.ts';
import { templateContent } from '@domain/letter-templates.ts';
import { currentVersion, letterContent } from '@domain/letters.ts';
import type { RecordState } from '@domain/record.ts';
import {
  approveLetter,
  dispatchLetter,
  draftLetter,
  reviseLetter,
  type DispatchInput,
  type Outcome,
} from '@storage/services.ts';
import type { UiError } from '../../errors.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { ErrorText } from '../ErrorText.tsx';
import { DispatchDialog } from './DispatchDialog.tsx';
import { DraftLetterItem } from './DraftLetterItem.tsx';
import { LetterEditor } from './LetterEditor.tsx';
import { PrintLetter } from './PrintLetter.tsx';
import './letters.css';

interface Props {
  readonly state: RecordState;
  /** The file's receipts' states on this device: a reply's addressee and letter number. */
  readonly receiptStates: ReadonlyMap<RecordId, RecordState>;
}

/** What is open below the list: nothing, a new draft, an edit, or a dispatch. */
type Open =
  | null
  | { readonly kind: 'new' }
  | { readonly kind: 'edit'; readonly draft: EventId }
  | { readonly kind: 'dispatch'; readonly draft: EventId };

/**
 * The file's `Draft letters` (issue 16): `New draft letter` from a template,
 * each draft with its versions, `Edit draft`, `Approve draft` and `Dispatch`
 * where the rules and the person's role allow (letterActions, the same rules
 * the commands and the server enforce).
 */
export function DraftLetters({ state, receiptStates }: Props) {
  const { t } = useI18n();
  const { now } = useEnv();
  const { deviceContext } = useSignedIn();
  const { person, directory } = deviceContext;
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<UiError | null>(null);
  const id = state.meta.id;
  const office = findOffice(directory, state.meta.office);
  const allowed = letterActions(state, person.id, person.role, office);

  async function run<T>(action: () => Promise<Outcome<T>>): Promise<boolean> {
    const outcome = await action();
    setError(outcome.ok ? null : outcome.error);
    return outcome.ok;
  }

  function prefill(template: LetterTemplate, reference: RecordId | null): LetterContent {
    const receipt = reference === null ? null : receiptStates.get(reference);
    const parent = office?.parent === undefined ? undefined : findOffice(directory, office.parent);
    return templateContent(template, {
      office: office?.name ?? { hi: '', en: '' },
      parentOffice: parent?.name ?? null,
      fileNumber: state.meta.number,
      subject: state.meta.subject,
      receipt:
        reference === null
          ? null
          : {
              id: reference,
              from: receipt?.letter?.from ?? '',
              letterNumber: receipt?.letter?.letterNumber ?? '',
              letterDate: receipt?.letter?.letterDate ?? '',
            },
    });
  }

  const editing = open?.kind === 'edit' ? state.drafts.find((d) => d.id === open.draft) : null;
  const close = () => setOpen(null);
  return (
    <section aria-label={t('letters.region')} className="draft-letters">
      <h2>{t('letters.region')}</h2>
      {state.drafts.length === 0 && <p className="empty">{t('letters.none')}</p>}
      <ol>
        {state.drafts.map((d) => (
          <DraftLetterItem
            key={d.id}
            draft={d}
            receipts={state.receipts}
            office={office}
            now={now()}
            onEdit={allowed.revise.has(d.id) ? () => setOpen({ kind: 'edit', draft: d.id }) : null}
            onApprove={
              allowed.approve.has(d.id)
                ? () => void run(() => approveLetter(deviceContext, id, d.id))
                : null
            }
            onDispatch={
              allowed.dispatch.has(d.id) && open?.kind !== 'dispatch'
                ? () => setOpen({ kind: 'dispatch', draft: d.id })
                : null
            }
            print={
              d.approval !== null && (
                <PrintLetter state={state} draft={d} receiptStates={receiptStates} />
              )
            }
          />
        ))}
      </ol>
      {open?.kind === 'dispatch' && (
        <DispatchDialog
          today={istDate(now())}
          onCancel={close}
          onDispatch={async (input: DispatchInput) => {
            if (await run(() => dispatchLetter(deviceContext, id, open.draft, input))) close();
          }}
        />
      )}
      {open?.kind === 'new' && (
        <LetterEditor
          isNew
          initial={prefill('blank', null)}
          receipts={state.receipts}
          prefill={prefill}
          onCancel={close}
          onSave={(template, content) =>
            run(() => draftLetter(deviceContext, id, { template, content }))
          }
        />
      )}
      {editing && (
        <LetterEditor
          key={editing.id}
          isNew={false}
          initial={letterContent(currentVersion(editing))}
          receipts={state.receipts}
          prefill={prefill}
          onCancel={close}
          onSave={(_template, content) =>
            run(() => reviseLetter(deviceContext, id, editing.id, content))
          }
        />
      )}
      {allowed.draft && open === null && (
        <button type="button" onClick={() => setOpen({ kind: 'new' })}>
          {t('letters.new')}
        </button>
      )}
      <ErrorText error={error} />
    </section>
  );
}
