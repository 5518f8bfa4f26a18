import { hlcWallMs } from '@domain/hlc.ts';
import type { Conflict } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';

/** Moves made offline that lost to another move: kept and shown, never silently dropped. */
export function Conflicts({ conflicts }: { readonly conflicts: readonly Conflict[] }) {
  const { t, lang, formatDateTime } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  if (conflicts.length === 0) return null;
  return (
    <section aria-label={t('conflict.title')} className="conflicts">
      <h2>{t('conflict.title')}</h2>
      <p>{t('conflict.intro')}</p>
      <ul>
        {conflicts.map((c) => (
          <li key={c.event.id}>
            {t('conflict.item', {
              action: t(`event.${c.event.type}`),
              actor: personName(directory, c.event.actor, lang),
              date: formatDateTime(hlcWallMs(c.event.hlc)),
              reason: t(`conflict.${c.reason}`),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
