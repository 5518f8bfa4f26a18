import type { ReactNode } from 'react';
import { findPerson } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import type { Flag } from '@domain/note-references.ts';
import type { Noting, RecordState } from '@domain/record.ts';
import { noteSheetVolumes, type VolumePart } from '@domain/volumes.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useRecordSignatures } from '../hooks/useRecordSignatures.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName, personWithDesignation } from '../people.ts';
import { volumeName } from '../volume-number.ts';
import { takeFocusIfAsked } from '../focus-on-show.ts';
import { NotingText, paragraphAnchor } from './NotingText.tsx';
import { SignatureMark } from './SignatureMark.tsx';

/** The id of a volume's heading on the note sheet (`Close volume` gives the new one focus). */
export const volumeHeadingId = (recordId: RecordId, volume: number): string =>
  `note-sheet-${recordId}-volume-${volume}`;

/**
 * The `Note sheet` region: green (final) notings, numbered, with author, date and
 * signature; their references to the file's receipts and paragraphs, and the
 * numbers of its linked files, are links. Once a volume is closed (volumes.ts)
 * the sheet shows each volume under its heading, the closed ones marked
 * read-only; paragraph numbers run on across them.
 */
export function NoteSheet({
  recordId,
  notes,
  volumes,
  flags = [],
  files,
  children,
}: {
  readonly recordId: RecordId;
  readonly notes: readonly Noting[];
  /** The file's volumes; without closed ones the sheet is one list. */
  readonly volumes?: Pick<RecordState, 'volume' | 'volumes'>;
  /** The file's correspondence flags (PUC, FR I, …) its notings may refer to. */
  readonly flags?: readonly Flag[];
  /** Numbers of the files linked either way, which its notings may quote (file-links.ts). */
  readonly files?: ReadonlyMap<string, RecordId>;
  readonly children?: ReactNode;
}) {
  const { t, lang, formatDateTime } = useI18n();
  const signatures = useRecordSignatures(recordId);
  const { deviceContext } = useSignedIn();
  const author = (n: Noting): string => {
    const person = findPerson(deviceContext.directory, n.author);
    return person ? personWithDesignation(person, lang) : n.author;
  };
  const paragraphs = new Set(notes.map((n) => n.paragraph));
  const list = (shown: readonly Noting[]) => (
    <ol className="notings">
      {shown.map((n) => (
        <li key={n.eventId} id={paragraphAnchor(n.paragraph)} className="noting final">
          <span className="para">{t('file.paragraph', { n: n.paragraph })}</span>
          <NotingText text={n.text} flags={flags} paragraphs={paragraphs} files={files} />
          <p className="noting-by">
            <span>{author(n)}</span> ·{' '}
            <time dateTime={new Date(n.at).toISOString()}>{formatDateTime(n.at)}</time>
            {!n.clockVerified && <small> {t('file.unverifiedTime')}</small>}
          </p>
          <SignatureMark status={signatures?.get(n.eventId)} />
        </li>
      ))}
    </ol>
  );
  const volume = (part: VolumePart) => {
    const name = volumeName(part.volume);
    const heading =
      part.closed === null
        ? t('volume.current', { volume: name })
        : t('volume.heading', { volume: name });
    return (
      <section
        key={part.volume}
        aria-label={heading}
        className={part.closed === null ? 'volume' : 'volume closed'}
      >
        <h3 id={volumeHeadingId(recordId, part.volume)} tabIndex={-1} ref={takeFocusIfAsked}>
          {heading}
        </h3>
        {part.closed !== null && (
          <p className="volume-closed">
            {t('volume.closedBy', {
              name: personName(deviceContext.directory, part.closed.by, lang),
              date: formatDateTime(part.closed.at),
            })}
          </p>
        )}
        {part.notes.length === 0 ? <p className="empty">{t('volume.empty')}</p> : list(part.notes)}
      </section>
    );
  };
  const split = volumes !== undefined && volumes.volumes.length > 0;
  return (
    <section aria-label={t('file.noteSheet')} className="note-sheet">
      <h2>{t('file.noteSheet')}</h2>
      {split ? (
        noteSheetVolumes({ notes, ...volumes }).map(volume)
      ) : notes.length === 0 ? (
        <p className="empty">{t('file.noNotings')}</p>
      ) : (
        list(notes)
      )}
      {children}
    </section>
  );
}
