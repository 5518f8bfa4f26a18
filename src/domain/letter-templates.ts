import type { Bilingual } from './directory.ts';
import type { LetterContent, LetterTemplate } from './events.ts';
import type { RecordId } from './ids.ts';

/**
 * The text a new draft letter starts from. Hindi first; an order is issued in
 * Hindi and English side by side (Official Languages Act 1963, s.3(3)), so its
 * template fills both. The person edits everything before approval; blanks to
 * fill are written […]/[...].
 */

export interface TemplateFacts {
  readonly office: Bilingual;
  /** The office this one reports to (the district, for a report). */
  readonly parentOffice: Bilingual | null;
  readonly fileNumber: string;
  readonly subject: string;
  /** The receipt answered (reply template), when one is chosen. */
  readonly receipt: {
    readonly id: RecordId;
    readonly from: string;
    readonly letterNumber: string;
    readonly letterDate: string;
  } | null;
}

function reply(f: TemplateFacts): LetterContent {
  const r = f.receipt;
  const ref = r === null ? '[…]' : `${r.letterNumber}, दिनांक ${r.letterDate}`;
  return {
    to: r?.from ?? '',
    subject: f.subject,
    reference: r?.id ?? null,
    hindi: [
      'महोदय,',
      `कृपया उपर्युक्त विषयक अपने पत्र संख्या ${ref} का संदर्भ ग्रहण करें।`,
      'इस संबंध में अवगत कराना है कि […]',
      'भवदीय,',
    ].join('\n\n'),
    english: '',
  };
}

function order(f: TemplateFacts): LetterContent {
  return {
    to: '',
    subject: f.subject,
    reference: f.receipt?.id ?? null,
    hindi: [
      'आदेश',
      `पत्रावली संख्या ${f.fileNumber} पर उपलब्ध अभिलेखों के अवलोकन के उपरांत […] आदेशित किया जाता है।`,
      'यह आदेश तत्काल प्रभाव से लागू होगा।',
    ].join('\n\n'),
    english: [
      'ORDER',
      `On perusal of the records on file no. ${f.fileNumber}, it is hereby ordered that […]`,
      'This order comes into force with immediate effect.',
    ].join('\n\n'),
  };
}

function report(f: TemplateFacts): LetterContent {
  const up = f.parentOffice;
  return {
    to: up === null ? '' : up.hi,
    subject: f.subject,
    reference: f.receipt?.id ?? null,
    hindi: [
      'महोदय,',
      `उपर्युक्त विषय में ${f.office.hi} की आख्या निम्नवत प्रस्तुत है:`,
      '[…]',
      'आख्या सूचनार्थ एवं आवश्यक कार्यवाही हेतु सादर प्रेषित है।',
      'भवदीय,',
    ].join('\n\n'),
    english: '',
  };
}

function blank(f: TemplateFacts): LetterContent {
  return { to: '', subject: f.subject, reference: f.receipt?.id ?? null, hindi: '', english: '' };
}

export function templateContent(template: LetterTemplate, facts: TemplateFacts): LetterContent {
  switch (template) {
    case 'blank':
      return blank(facts);
    case 'reply':
      return reply(facts);
    case 'order':
      return order(facts);
    case 'report':
      return report(facts);
  }
}
