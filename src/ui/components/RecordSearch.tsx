import { useI18n } from '../hooks/useI18n.ts';
import { SEARCH_LIMIT, useRecordSearch } from '../hooks/useRecordSearch.ts';
import { RecordTable } from './RecordTable.tsx';
import { ServerSearchResults } from './ServerSearchResults.tsx';

/**
 * The `Search results` region: records on this device matching every word typed;
 * below it, the server's records of other offices, on request (ServerSearchResults).
 */
export function SearchResults({ text }: { readonly text: string }) {
  const { t } = useI18n();
  const found = useRecordSearch(text);
  return (
    <>
      <section aria-label={t('search.results')} className="search-results">
        {found === undefined || found === null ? (
          <p role="status">{t('app.loading')}</p>
        ) : found.rows.length === 0 ? (
          <p className="empty" role="status">
            {t('search.none')}
          </p>
        ) : (
          <>
            <RecordTable rows={found.rows} personColumn="with" caption={t('search.results')} />
            {found.more && <p className="hint">{t('search.limited', { count: SEARCH_LIMIT })}</p>}
          </>
        )}
      </section>
      <ServerSearchResults text={text} />
    </>
  );
}
