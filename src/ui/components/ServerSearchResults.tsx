import { findOffice } from '@domain/directory.ts';
import type { OfficeId } from '@domain/ids.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useServerSearch } from '../hooks/useServerSearch.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';

/**
 * Below the tablet's own results: a button that asks the server for records of
 * other offices, and the `On the server` region listing them, each marked as
 * not on this tablet (it cannot be opened here until it syncs).
 */
export function ServerSearchResults({ text }: { readonly text: string }) {
  const { t, lang } = useI18n();
  const { deviceContext } = useSignedIn();
  const { state, run } = useServerSearch(text);
  const office = (id: OfficeId) => findOffice(deviceContext.directory, id)?.name[lang] ?? id;
  return (
    <section aria-label={t('search.server.results')} className="search-results">
      {state.status === 'idle' ? (
        <button type="button" onClick={run}>
          {t('search.server.button')}
        </button>
      ) : state.status === 'loading' ? (
        <p role="status">{t('search.server.loading')}</p>
      ) : state.status === 'failed' ? (
        <p role="status">{t('search.server.failed')}</p>
      ) : state.hits.length === 0 ? (
        <p className="empty" role="status">
          {t('search.server.none')}
        </p>
      ) : (
        <>
          <table className="records">
            <caption className="visually-hidden">{t('search.server.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.number')}</th>
                <th scope="col">{t('inbox.subject')}</th>
                <th scope="col">{t('search.server.office')}</th>
              </tr>
            </thead>
            <tbody>
              {state.hits.map((h) => (
                <tr key={h.id}>
                  <td>
                    {h.number} <span className="hint">{t('search.server.marker')}</span>
                  </td>
                  <td>{h.subject}</td>
                  <td>{office(h.office)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.more && <p className="hint">{t('search.server.more')}</p>}
        </>
      )}
    </section>
  );
}
