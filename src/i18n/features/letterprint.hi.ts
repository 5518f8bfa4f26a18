import type { Message } from '../message.ts';

/** The printed letter, its QR code checked on the Verify page, the dispatch register (issue 16). (Hindi; the key set.) */
export const hiLetterPrint = {
  'letterPrint.button': 'पत्र प्रिंट करें',
  'letterPrint.number': 'पत्रांक: {number}',
  'letterPrint.numberPending': 'पत्रांक: प्रेषण पर दिया जाएगा',
  'letterPrint.file': 'पत्रावली संख्या: {number}',
  'letterPrint.date': 'दिनांक: {date}',
  'letterPrint.to': 'सेवा में,',
  'letterPrint.subject': 'विषय: {subject}',
  'letterPrint.reference': 'संदर्भ: डायरी संख्या {diary}',
  'letterPrint.referenceLetter': 'संदर्भ: आपका पत्र संख्या {number} दिनांक {date} (डायरी संख्या {diary})',
  'letterPrint.approvedAt': 'अनुमोदित {date}',
  'letterPrint.qrLabel': 'अनुमोदन के हस्ताक्षर का QR कोड',
  'letterPrint.qrCaption':
    'अनुमोदक के उपकरण की कुंजी ({key}) से हस्ताक्षरित। पत्रावली के "सत्यापित करें" पृष्ठ पर बिना इंटरनेट जाँचें।',
  'letterPrint.hash': 'पाठ का हैश {hash}…',
  'letterPrint.unsigned': 'यह अनुमोदन उपकरण की कुंजी से हस्ताक्षरित नहीं है; इसका QR कोड नहीं है।',
} as const satisfies Record<string, Message>;
