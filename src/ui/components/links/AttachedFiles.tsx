import { useRef, useState } from 'react';
import { Link } from 'wouter';
import type { RecordState } from '@domain/record.ts';
import { attachFileUnder, detachFile } from '@storage/services.ts';
import { useInbox } from '../../hooks/useInbox.ts';
import type { UiError } from '../../errors.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { allowedActionsFor } from '../../record-actions.ts';
import { ErrorText } from '../ErrorText.tsx';
import { PickRecord } from './PickRecord.tsx';

/**
 * The `Attached files` region of a file (issue 17, @domain/file-attach.ts): the
 * files attached under it, which move with it, each a link that opens it and,
 * for the holder, `Detach`; for the holder, `Attach file` offers the other
 * files they hold. A file attached under another says so instead, with a link
 * to the main file.
 */
export function AttachedFiles({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { person } = deviceContext;
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = state.meta.id;
  const mine = useInbox('withMe', open);
  const holds = allowedActionsFor(state, person.id, person.role).note;
  const { attached, attachedUnder } = state;
  if (attachedUnder !== null) {
    return (
      <p className="attached-under" role="note">
        <Link href={`/r/${attachedUnder.file}`}>
          {t('attachFile.under', { number: attachedUnder.number })}
        </Link>
      </p>
    );
  }
  if (attached.length === 0 && !holds) return null;
  const taken = new Set(attached.map((a) => a.file));
  // Only what may be attached (file-attach.ts): an open file of mine, neither attached
  // under another nor with files of its own under it (one level only).
  const offered = mine?.filter(
    (r) =>
      r.kind === 'file' &&
      r.id !== id &&
      !taken.has(r.id) &&
      r.status !== 'closed' &&
      r.attachedUnder === null &&
      r.attachedFiles.length === 0,
  );
  /** Detaches `file`; focus goes to the region's heading, not lost with the row's button. */
  async function detach(file: (typeof attached)[number]) {
    const outcome = await detachFile(deviceContext, id, file.file);
    setError(outcome.ok ? null : outcome.error);
    if (outcome.ok) heading.current?.focus();
  }
  return (
    <section aria-label={t('attachFile.heading')} className="linked-files attached-files">
      <h2 ref={heading} tabIndex={-1}>
        {t('attachFile.heading')}
      </h2>
      {attached.length === 0 ? (
        <p className="empty">{t('attachFile.empty')}</p>
      ) : (
        <ul className="attach-list">
          {attached.map((a) => (
            <li key={a.file}>
              <span>
                <Link href={`/r/${a.file}`}>{a.number}</Link> — {a.subject}
              </span>
              {holds && (
                <button
                  type="button"
                  aria-label={t('attachFile.detach', { number: a.number })}
                  onClick={() => void detach(a)}
                >
                  {t('attachFile.detachShort')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={error} />
      {holds && (
        <PickRecord
          text={{
            button: t('attachFile.button'),
            hint: t('attachFile.hint'),
            find: t('attachFile.find'),
            none: t('attachFile.none'),
            noMatch: t('attachFile.noMatch'),
            short: t('attachFile.short'),
            one: (number) => t('attachFile.one', { number }),
          }}
          offered={offered}
          onOpen={setOpen}
          pick={async (r) => {
            const outcome = await attachFileUnder(deviceContext, id, r.id);
            return outcome.ok ? null : outcome.error;
          }}
        />
      )}
    </section>
  );
}
