import type { Message } from '../message.ts';

/** Draft letters: drafting, approval, dispatch (issue 16). (Hindi; the key set.) */
export const hiLetters = {
  'event.letterDrafted': 'पत्र का मसौदा बनाया',
  'event.letterRevised': 'मसौदा संशोधित',
  'event.letterApproved': 'मसौदा अनुमोदित',
  'event.letterDispatched': 'पत्र प्रेषित',
  'refusal.letterFrozen':
    'यह मसौदा पहले ही अनुमोदित हो चुका है, इसलिए बदला नहीं जा सकता। बदलाव के लिए नया मसौदा बनाएँ।',
  'refusal.approverForbidden': 'आपका पद इस कार्यालय के पत्रों का अनुमोदन नहीं कर सकता।',
  'refusal.letterHashMismatch': 'अनुमोदन जिस पाठ का नाम लेता है, वह मसौदे के उस संस्करण से मेल नहीं खाता।',
  'refusal.letterNotApproved': 'बिना अनुमोदन के मसौदे का प्रेषण नहीं हो सकता।',
} as const satisfies Record<string, Message>;
