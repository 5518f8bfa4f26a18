import type { Directory } from '@domain/directory.ts';
import { findPerson } from '@domain/directory.ts';
import { tryParseHlc } from '@domain/hlc.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { writePdf, type PdfDocConstructor, type PdfFonts, type PdfPen } from './pdf-writer.ts';

/**
 * The printable part of an export (file.pdf): a cover, the note sheet with
 * paragraph numbers, authors and times, the movement history and the
 * correspondence, with labels in Hindi and English on one page, since the
 * reader of an exported file may be a court or an auditor in either language.
 * What it says comes from the fold of the signed events exported beside it.
 */

export interface FilePdfInput {
  readonly state: RecordState;
  readonly directory: Directory;
  readonly exportedAt: number;
  readonly exportedBy: PersonId;
  /** Signed items and items proven in the server's log, for the cover. */
  readonly signedItems: number;
  readonly provenItems: number;
  readonly totalItems: number;
}

const when = (ms: number): string =>
  new Intl.DateTimeFormat('en-IN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'Asia/Kolkata',
  }).format(ms) + ' IST';

function who(directory: Directory, id: PersonId): string {
  const p = findPerson(directory, id);
  return p === undefined ? id : `${p.name.hi} / ${p.name.en}, ${p.designation.en} (${id})`;
}

function cover(pen: PdfPen, input: FilePdfInput): void {
  const { state, directory } = input;
  const m = state.meta;
  pen.line('पत्रावली / File', 12, { grey: true });
  pen.line(m.number, 20);
  pen.line(m.subject, 14);
  pen.gap();
  pen.line(`श्रेणी / Category: ${m.category}    कार्यालय / Office: ${m.office}`);
  const created = tryParseHlc(m.createdAt);
  pen.line(
    `बनाई / Created: ${who(directory, m.createdBy)}` +
      (created.ok ? `, ${when(created.value.wallMs)}` : ''),
  );
  pen.line(`स्थिति / Status: ${state.status}    धारक / Holder: ${who(directory, state.holder)}`);
  pen.line(`अभिलेख / Record id: ${m.id}`, 9, { grey: true });
  pen.gap();
  pen.line(
    `हस्ताक्षरित / Signed items: ${input.signedItems} of ${input.totalItems}; ` +
      `सर्वर लॉग में प्रमाणित / proven in the server log: ${input.provenItems} of ${input.totalItems}`,
    10,
  );
  pen.line(
    `निर्यात / Exported ${when(input.exportedAt)} by ${who(directory, input.exportedBy)}. ` +
      'Check with: npm run verify -- <this archive>, or the Verify page (सत्यापित करें).',
    9,
    { grey: true },
  );
  pen.gap(1.2);
}

export function renderFilePdf(
  Pdf: PdfDocConstructor,
  fonts: PdfFonts,
  input: FilePdfInput,
): Promise<Uint8Array> {
  const { state, directory } = input;
  return writePdf(
    Pdf,
    fonts,
    { title: state.meta.number, created: new Date(input.exportedAt) },
    (pen) => {
      cover(pen, input);
      pen.line('नोटशीट / Note sheet', 14);
      if (state.notes.length === 0) pen.line('—');
      for (const n of state.notes) {
        pen.gap(0.4);
        pen.line(`${n.paragraph}.  ${n.text}`);
        pen.line(
          `${who(directory, n.author)} — ${when(n.at)}${n.clockVerified ? '' : ' (device time, unverified)'}`,
          9,
          {
            indent: 18,
            grey: true,
          },
        );
      }
      pen.gap(1.2);
      pen.line('संचलन इतिहास / Movement history', 14);
      for (const h of state.hops) {
        const from = h.from === null ? '' : `${who(directory, h.from)} → `;
        const until = h.until === null ? 'now / अब तक' : when(h.until);
        pen.line(`${from}${who(directory, h.holder)}: ${when(h.since)} – ${until}`, 10);
        if (h.remarks !== '')
          pen.line(`अभ्युक्ति / Remarks: ${h.remarks}`, 9, { indent: 18, grey: true });
      }
      pen.gap(1.2);
      pen.line('पत्राचार / Correspondence', 14);
      if (state.receipts.length === 0) pen.line('—');
      for (const r of state.receipts)
        pen.line(`${r.diaryNumber}  ${r.subject}  (${when(r.at)})`, 10);
    },
  );
}
