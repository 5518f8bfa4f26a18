import type { RecordEvent } from '@domain/events.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';

/**
 * What a person wrote or chose in an event, in full: a noting's text, a
 * send's recipient and remarks, a park's or close's remarks. Used where work
 * that did not take effect is shown (conflicts, refused changes).
 */
export function EventText({ event }: { readonly event: RecordEvent }) {
  const { t, lang } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  switch (event.type) {
    case 'noting':
      return <blockquote className="conflict-text">{event.text}</blockquote>;
    case 'sent':
      return (
        <div className="conflict-text">
          <p>{t('conflicts.sentTo', { person: personName(directory, event.to, lang) })}</p>
          {event.remarks && <p>{t('conflicts.remarks', { text: event.remarks })}</p>}
        </div>
      );
    case 'parked':
    case 'closed':
      return event.remarks ? (
        <p className="conflict-text">{t('conflicts.remarks', { text: event.remarks })}</p>
      ) : null;
    case 'conflictDismissed':
      return <p className="conflict-text">{t('conflicts.remarks', { text: event.reason })}</p>;
    default:
      return null;
  }
}
