import { hlcWallMs } from '@domain/hlc.ts';
import type { RecordState } from '@domain/record.ts';
import type { Draft } from '../hooks/useDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { ConflictAnswer, type ConflictProps } from './ConflictAnswer.tsx';
import { EventText } from './EventText.tsx';

/**
 * The `Conflicts` region (DESIGN.md invariant 7 and §8): notings and actions
 * that did not take effect, with their full text, author and time. Each
 * author sees their own, with what they can do (re-submit, dismiss); the
 * current holder sees all of them. Answered ones stay listed, marked.
 */
export function Conflicts({
  state,
  draft,
}: {
  readonly state: RecordState;
  /** My draft noting on the file, when I may note on it now (re-submitting fills it). */
  readonly draft: Draft | null;
}) {
  const { t } = useI18n();
  const me = useSignedIn().deviceContext.person.id;
  const shown = state.conflicts.filter((c) => c.event.actor === me || state.holder === me);
  if (shown.length === 0) return null;
  return (
    <section aria-label={t('conflict.title')} className="conflicts">
      <h2>{t('conflict.title')}</h2>
      <p>{t('conflict.intro')}</p>
      <ul>
        {shown.map((c) => (
          <ConflictItem key={c.event.id} conflict={c} state={state} draft={draft} />
        ))}
      </ul>
    </section>
  );
}

function ConflictItem({ conflict, state, draft }: ConflictProps) {
  const { t, lang, formatDateTime } = useI18n();
  const { directory, person } = useSignedIn().deviceContext;
  const { event, resolution } = conflict;
  const mine = event.actor === person.id;
  return (
    <li className={resolution === null ? 'conflict open' : 'conflict answered'}>
      <p className="conflict-head">
        {mine && <strong className="conflict-mine">{t('conflicts.yours')}: </strong>}
        {t('conflict.item', {
          action: t(`event.${event.type}`),
          actor: personName(directory, event.actor, lang),
          date: formatDateTime(hlcWallMs(event.hlc)),
          reason: t(`conflict.${conflict.reason}`),
        })}
      </p>
      <EventText event={event} />
      {resolution?.kind === 'resubmitted' && (
        <p className="conflict-answer">
          {t('conflicts.wasResubmitted', { date: formatDateTime(resolution.at) })}
        </p>
      )}
      {resolution?.kind === 'dismissed' && (
        <p className="conflict-answer">
          {t('conflicts.wasDismissed', {
            date: formatDateTime(resolution.at),
            reason: resolution.reason,
          })}
        </p>
      )}
      {mine && resolution === null && (
        <ConflictAnswer conflict={conflict} state={state} draft={draft} />
      )}
    </li>
  );
}
