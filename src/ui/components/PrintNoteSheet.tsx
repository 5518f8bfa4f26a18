import { createPortal } from 'react-dom';
import { findOffice, findPerson } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { ClosedVolume, RecordState } from '@domain/record.ts';
import { noteSheetVolumes } from '@domain/volumes.ts';
import type { RecordSignatures } from '@storage/services.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { usePrinting } from '../hooks/usePrinting.ts';
import { useRecordSignatures } from '../hooks/useRecordSignatures.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { personWithDesignation } from '../people.ts';
import { pageCounterCss } from '../review/print-model.ts';
import { numberShown, volumeName } from '../volume-number.ts';
import { SignatureMark } from './SignatureMark.tsx';
import './note-sheet-print.css';

/**
 * `Print note sheet`: the file's note sheet on A4 (number, subject, every
 * final paragraph with its author, designation, date and signature status).
 * The paper is put straight under <body> only while the browser prints, from
 * this button or the browser's own print command, and the print stylesheet
 * hides everything else: no navigation, no buttons.
 */
export function PrintNoteSheet({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { printing, print } = usePrinting();
  // Loaded before printing starts: a print is laid out from the page as it is at that moment.
  const signatures = useRecordSignatures(state.meta.id);
  return (
    <>
      <button type="button" onClick={print}>
        {t('notesheet.print')}
      </button>
      {printing &&
        createPortal(<NoteSheetPaper state={state} signatures={signatures} />, document.body)}
    </>
  );
}

function NoteSheetPaper({
  state,
  signatures,
}: {
  readonly state: RecordState;
  readonly signatures: RecordSignatures | undefined;
}) {
  const { t, lang, formatDateTime } = useI18n();
  const { now } = useEnv();
  const { directory, person: me } = useSignedIn().deviceContext;
  const { meta } = state;
  const office = findOffice(directory, meta.office);
  const author = (id: PersonId) => findPerson(directory, id);
  const boundaries = volumeBoundaries(state, (volume, closed) =>
    closed === null
      ? t('volume.current', { volume: volumeName(volume) })
      : `${t('volume.heading', { volume: volumeName(volume) })} · ${t('volume.closedBy', {
          name: author(closed.by)?.name[lang] ?? closed.by,
          date: formatDateTime(closed.at),
        })}`,
  );
  const pageOf = pageCounterCss({ pageOf: (page, count) => t('review.pageOf', { page, count }) });
  return (
    <div className="note-sheet-paper" lang={lang}>
      <style>{`@page notesheet { @bottom-center { content: ${pageOf}; } }`}</style>
      <header>
        {office && <p className="paper-office">{office.name[lang]}</p>}
        <p className="paper-title">{t('file.noteSheet')}</p>
        <p className="paper-number">
          {t('notesheet.fileNumber', { number: numberShown(t, meta.number, state.volume) })}
        </p>
        <p className="paper-subject">{t('file.subject', { subject: meta.subject })}</p>
        <p>
          {t('file.category', { category: t(`category.${meta.category}`) })} ·{' '}
          {t('file.status', { status: t(`status.${state.status}`) })}
        </p>
      </header>
      {state.notes.length === 0 ? (
        <p>{t('file.noNotings')}</p>
      ) : (
        <ol className="paper-notings">
          {state.notes.map((n) => {
            const boundary = boundaries.get(n.paragraph);
            const person = author(n.author);
            return (
              <li key={n.eventId} className={boundary ? 'paper-volume-start' : undefined}>
                {boundary && <p className="paper-volume">{boundary}</p>}
                <span className="paper-para">{t('file.paragraph', { n: n.paragraph })}</span>
                <div>
                  <p className="paper-text">{n.text}</p>
                  <div className="paper-by">
                    <span>{person ? person.name[lang] : n.author}</span>
                    {person && <span>{person.designation[lang]}</span>}
                    <span>
                      {formatDateTime(n.at)}
                      {!n.clockVerified && ` ${t('file.unverifiedTime')}`}
                    </span>
                    <SignatureMark status={signatures?.get(n.eventId)} />
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p className="paper-printed">
        {t('notesheet.printed', {
          date: formatDateTime(now()),
          name: personWithDesignation(me, lang),
        })}
      </p>
    </div>
  );
}

/**
 * Where each volume begins on paper (volumes.ts): its first paragraph's number
 * and the line printed above it. Nothing while the file has one volume.
 */
function volumeBoundaries(
  state: Pick<RecordState, 'notes' | 'volume' | 'volumes'>,
  line: (volume: number, closed: ClosedVolume | null) => string,
): ReadonlyMap<number, string> {
  if (state.volumes.length === 0) return new Map();
  return new Map(
    noteSheetVolumes(state).flatMap((part) => {
      const first = part.notes[0];
      return first === undefined
        ? []
        : [[first.paragraph, line(part.volume, part.closed)] as const];
    }),
  );
}
