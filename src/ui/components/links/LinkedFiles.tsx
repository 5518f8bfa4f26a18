import { useRef, useState } from 'react';
import { Link } from 'wouter';
import type { RecordId } from '@domain/ids.ts';
import { unlinkFiles, unlinkFromLinkedFile, type RecordSummary } from '@storage/services.ts';
import type { UiError } from '../../errors.ts';
import { ErrorText } from '../ErrorText.tsx';
import type { RecordState } from '@domain/record.ts';
import type { FileLinks } from '../../hooks/useFileLinks.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';
import { allowedActionsFor } from '../../record-actions.ts';
import { LinkFilePicker } from './LinkFilePicker.tsx';

/**
 * The `Linked files` region of a file (issue 17): the files it links and the
 * files on this tablet linking to it, each with its number (a link that opens
 * it) and subject; for the holder, `Link file` and `Remove link` beside each
 * link, this file's own and those of files linking to it (a link is removed
 * by a holder of either file). The files stay independent.
 */
export function LinkedFiles({
  state,
  links,
}: {
  readonly state: RecordState;
  readonly links: FileLinks;
}) {
  const { t, lang, formatDate } = useI18n();
  const { deviceContext } = useSignedIn();
  const { person, directory } = deviceContext;
  const mayLink = allowedActionsFor(state, person.id, person.role).note;
  const { linked, linking, linkedHeld } = links;
  const shown = new Set(linked.map((l) => l.file));
  const from = (linking ?? []).filter((r) => !shown.has(r.id));
  const [error, setError] = useState<UiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  /**
   * Removes the link `linking` made to `linked`: as the holder of the linking
   * file, or else as the holder of the linked one (from its side). Focus goes
   * to the region's heading, not lost with the row's button.
   */
  async function unlink(linking: RecordId, linked: RecordId, asLinkingHolder: boolean) {
    const outcome = asLinkingHolder
      ? await unlinkFiles(deviceContext, linking, linked)
      : await unlinkFromLinkedFile(deviceContext, linking, linked);
    setError(outcome.ok ? null : outcome.error);
    if (outcome.ok) heading.current?.focus();
  }
  const id = state.meta.id;
  const holds = (r: RecordSummary) => r.holder === person.id && r.status !== 'closed';
  return (
    <section aria-label={t('link.heading')} className="linked-files">
      <h2 ref={heading} tabIndex={-1}>
        {t('link.heading')}
      </h2>
      {linked.length === 0 && from.length === 0 ? (
        <p className="empty">{t('link.empty')}</p>
      ) : (
        <ul className="attach-list">
          {linked.map((l) => (
            <li key={l.file}>
              <span>
                <Link href={`/r/${l.file}`}>{l.number}</Link> — {l.subject}
                <small>
                  {' · '}
                  {t('link.linkedBy', {
                    name: personName(directory, l.by, lang),
                    date: formatDate(l.at),
                  })}
                </small>
              </span>
              {(mayLink || linkedHeld.has(l.file)) && (
                <button
                  type="button"
                  aria-label={t('link.removeOne', { number: l.number })}
                  onClick={() => void unlink(id, l.file, mayLink)}
                >
                  {t('link.remove')}
                </button>
              )}
            </li>
          ))}
          {from.map((r) => (
            <li key={r.id}>
              <span>
                <Link href={`/r/${r.id}`}>{r.number}</Link> — {r.subject}
                <small> · {t('link.linksHere')}</small>
              </span>
              {(mayLink || holds(r)) && (
                <button
                  type="button"
                  aria-label={t('link.removeOne', { number: r.number })}
                  onClick={() => void unlink(r.id, id, holds(r))}
                >
                  {t('link.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={error} />
      {mayLink && <LinkFilePicker state={state} />}
    </section>
  );
}
