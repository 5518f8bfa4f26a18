import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordState } from '@domain/record.ts';
import { linkableFilesQuery, linkFiles, type RecordSummary } from '@storage/services.ts';
import type { UiError } from '../../errors.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { ErrorText } from '../ErrorText.tsx';

/**
 * `Link file`: the files on this tablet that may be linked (not this one, not
 * linked yet, not confidential or secret), latest activity first, narrowed by
 * what is typed (number or subject); `Link` records the link on this file.
 */
export function LinkFilePicker({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [find, setFind] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const id = state.meta.id;
  const files = useLiveQuery(
    () => (open ? linkableFilesQuery(db, id, person.id) : []),
    [open, db, id, person.id],
  );
  const linked = new Set(state.links.map((l) => l.file));
  const needle = find.trim().toLocaleLowerCase();
  const offered = (files ?? [])
    .filter((r) => !linked.has(r.id))
    .filter((r) => needle === '' || r.searchText.includes(needle));

  async function link(file: RecordSummary) {
    const outcome = await linkFiles(deviceContext, id, file.id);
    setError(outcome.ok ? null : outcome.error);
    if (!outcome.ok) return;
    setOpen(false);
    setFind('');
  }

  return (
    <div className="link-file">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={() => setOpen(!open)}
      >
        {t('link.button')}
      </button>
      {open && (
        <div id={`${ids}-panel`} className="form">
          <p className="hint">{t('link.hint')}</p>
          <label htmlFor={`${ids}-find`}>{t('link.find')}</label>
          <input
            id={`${ids}-find`}
            type="search"
            value={find}
            onChange={(e) => setFind(e.target.value)}
          />
          {files !== undefined && offered.length === 0 ? (
            <p className="empty">{needle === '' ? t('link.none') : t('link.noMatch')}</p>
          ) : (
            <ul aria-label={t('link.button')} className="attach-list">
              {offered.map((r) => (
                <li key={r.id}>
                  <span>
                    {r.number} — {r.subject}
                  </span>
                  <button
                    type="button"
                    aria-label={t('link.one', { number: r.number })}
                    onClick={() => void link(r)}
                  >
                    {t('link.short')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}
