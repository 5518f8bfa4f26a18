import { Link } from 'wouter';
import type { RecordId } from '@domain/ids.ts';
import { notingParts, type Flag } from '@domain/note-references.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** Where a flag and a paragraph of the open file are on its page (the links' targets). */
export const receiptAnchor = (receiptId: string): string => `receipt-${receiptId}`;
export const paragraphAnchor = (paragraph: number): string => `para-${paragraph}`;

/**
 * A noting's text with its references ("PUC", "FR II", "para 3": note-references.ts)
 * as links to the flagged receipt in the file's Correspondence beside the note sheet,
 * or to the paragraph, and a linked file's number as a link that opens that file;
 * a reference to nothing in the file stays text.
 */
export function NotingText({
  text,
  flags,
  paragraphs,
  files,
}: {
  readonly text: string;
  readonly flags: readonly Flag[];
  readonly paragraphs: ReadonlySet<number>;
  /** Linked files' numbers (either way), quoted in a noting as links to open them. */
  readonly files?: ReadonlyMap<string, RecordId>;
}) {
  const { t } = useI18n();
  const byFlag = new Map(flags.map((f) => [f.flag, f.receiptId]));
  const parts = notingParts(text, new Set(byFlag.keys()), paragraphs, files);
  return (
    <p className="noting-text">
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : part.kind === 'flag' ? (
          <a
            key={i}
            className="ref"
            href={`#${receiptAnchor(byFlag.get(part.flag) ?? '')}`}
            aria-label={t('notesheet.refFlag', { flag: part.flag })}
          >
            {part.text}
          </a>
        ) : part.kind === 'file' ? (
          <Link
            key={i}
            className="ref"
            href={`/r/${part.file}`}
            aria-label={t('link.ref', { number: part.text })}
          >
            {part.text}
          </Link>
        ) : (
          <a
            key={i}
            className="ref"
            href={`#${paragraphAnchor(part.paragraph)}`}
            aria-label={t('file.paragraph', { n: part.paragraph })}
          >
            {part.text}
          </a>
        ),
      )}
    </p>
  );
}
