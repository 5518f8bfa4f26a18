import { useId, useState } from 'react';
import { istDate } from '@domain/calendar.ts';
import { SearchResults } from '../components/RecordSearch.tsx';
import { ConflictReminder } from '../components/ConflictReminder.tsx';
import { JoinProgressBar } from '../components/JoinProgress.tsx';
import { PullAlarmBanner } from '../components/PullAlarm.tsx';
import { RecordTable } from '../components/RecordTable.tsx';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useInbox, type InboxList } from '../hooks/useInbox.ts';
import { useInboxOrder } from '../hooks/useInboxOrder.ts';
import { useJoinProgress } from '../hooks/useJoinProgress.ts';
import { INBOX_ORDERS, nestAttached, orderRows } from '../inbox-order.ts';
import { SEARCH_MIN_CHARS } from '../hooks/useRecordSearch.ts';

type Tab = InboxList;

const TAB_TEXT = {
  withMe: { tab: 'inbox.tabWithMe', empty: 'inbox.empty' },
  sent: { tab: 'inbox.tabSent', empty: 'inbox.sentEmpty' },
  forInfo: { tab: 'copy.forInfo', empty: 'copy.inboxEmpty' },
} as const;

/**
 * The `Inbox` region: records with me, oldest waiting first or urgent and
 * overdue first (the person's choice, remembered on this device); a tab for
 * what I sent; one for files sent to me for information (`Copy to`, pending
 * with their holder, not with me) until I mark them seen; and a search over every record on this device by number or subject.
 * On a new tablet, while the rest of the office arrives after the inbox, a
 * progress bar (decision 0012).
 */
export function InboxPage() {
  const { t } = useI18n();
  const [order, setOrder] = useInboxOrder();
  const join = useJoinProgress();
  const today = istDate(useEnv().now());
  const [tab, setTab] = useState<Tab>('withMe');
  const [search, setSearch] = useState('');
  const searching = search.trim().length >= SEARCH_MIN_CHARS;
  const ids = useId();
  const listed = useInbox(tab);
  // Files I sent are held by others, off my desk: during a join's rest phase the list is partial.
  const sentArriving = tab === 'sent' && join?.phase === 'rest';
  const rows = listed === undefined ? undefined : nestAttached(orderRows(listed, order, today));
  const tabButton = (which: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`${ids}-${which}`}
      aria-selected={tab === which}
      aria-controls={`${ids}-panel`}
      onClick={() => setTab(which)}
    >
      {label}
    </button>
  );
  return (
    <section aria-label={t('inbox.title')} className="inbox">
      <h1>{t('inbox.title')}</h1>
      {join != null && <JoinProgressBar join={join} />}
      <PullAlarmBanner />
      <ConflictReminder />
      <form role="search" className="record-search" onSubmit={(e) => e.preventDefault()}>
        <input
          type="search"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </form>
      {searching ? (
        <SearchResults text={search} />
      ) : (
        <>
          <div className="inbox-bar">
            <div role="tablist" className="tabs">
              {tabButton('withMe', t('inbox.tabWithMe'))}
              {tabButton('sent', t('inbox.tabSent'))}
              {tabButton('forInfo', t('copy.forInfo'))}
            </div>
            <label className="inbox-order">
              {t('inbox.order')}
              <select
                value={order}
                onChange={(e) => setOrder(e.target.value === 'urgent' ? 'urgent' : 'oldest')}
              >
                {INBOX_ORDERS.map((o) => (
                  <option key={o} value={o}>
                    {t(o === 'urgent' ? 'inbox.orderUrgent' : 'inbox.orderOldest')}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-${tab}`}>
            {/* What I sent is not on my desk: on a new tablet it comes with the rest. */}
            {sentArriving && <p className="join-sent">{t('join.sentArriving')}</p>}
            {/* While a new tablet's desk is still coming (or the join not read yet), an
                empty list is not news yet. */}
            {rows === undefined ||
            (rows.length === 0 && (join === undefined || join?.phase === 'desk')) ? (
              <p>{t('app.loading')}</p>
            ) : rows.length === 0 ? (
              sentArriving ? null : (
                <p className="empty">{t(TAB_TEXT[tab].empty)}</p>
              )
            ) : (
              <RecordTable
                key={tab}
                rows={rows}
                personColumn={tab === 'withMe' ? 'from' : 'with'}
                caption={t(TAB_TEXT[tab].tab)}
                forInfo={tab === 'forInfo'}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}
