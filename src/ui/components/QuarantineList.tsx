import { exportQuarantine, quarantineExportJson, quarantineFileName } from '@storage/services.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useQuarantine, type QuarantineItem } from '../hooks/useQuarantine.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { isRefusalReason } from '../refusal.ts';
import { EventText } from './EventText.tsx';

/** Refused work is kept and shown with its reason (DESIGN.md invariant 3), and can be exported. */
export function QuarantineList() {
  const { t } = useI18n();
  const { db, now, download } = useEnv();
  const me = useSignedIn().deviceContext.person.id;
  const items = useQuarantine(me);
  if (!items || items.length === 0) return null;

  async function exportAll() {
    const at = now();
    const doc = await exportQuarantine(db, { now: at, viewer: me });
    download?.(quarantineFileName(at), quarantineExportJson(doc));
  }

  return (
    <section aria-label={t('refusal.title')} className="quarantine">
      <h2>{t('refusal.title')}</h2>
      <p>{t('refusal.intro')}</p>
      <ul>
        {items.map((item) => (
          <QuarantineRow key={item.id} item={item} />
        ))}
      </ul>
      {download && (
        <button type="button" onClick={() => void exportAll()}>
          {t('refusal.export')}
        </button>
      )}
    </section>
  );
}

/** One refused change: why, when, and what it said (the person's own words, in full). */
export function QuarantineRow({ item }: { readonly item: QuarantineItem }) {
  const { t, lang, formatDateTime } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  // The district's damaged copy took nothing from the relay: the change is not sent again by itself.
  const reason =
    item.upstream && item.reason === 'recordDamaged'
      ? t('refusal.recordDamagedUpstream')
      : isRefusalReason(item.reason)
        ? t(`refusal.${item.reason}`)
        : t('refusal.unknownReason', { reason: item.reason });
  return (
    <li>
      {t('refusal.item', { reason, date: formatDateTime(item.at) })}
      <small className="detail"> ({item.detail})</small>
      {item.upstream && <p className="refused-upstream">{t('refusal.upstream')}</p>}
      {item.upstream && item.whole && (
        <p className="refused-upstream">{t('refusal.upstreamWhole')}</p>
      )}
      {item.draft !== null && (
        <div className="refused-event">
          <p>{t('refusal.draftKept')}</p>
          <p className="refused-draft">{item.draft}</p>
        </div>
      )}
      {item.events.map((e) => (
        <div key={e.id} className="refused-event">
          <p>
            {t('refusal.textOf', {
              action: t(`event.${e.type}`),
              actor: personName(directory, e.actor, lang),
            })}
          </p>
          <EventText event={e} />
        </div>
      ))}
    </li>
  );
}
