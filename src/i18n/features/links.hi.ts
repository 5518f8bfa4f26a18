import type { Message } from '../message.ts';

/** Linked files (`Link file`): the file page's panel and its picker. (Hindi; the key set.) */
export const hiLinks = {
  'link.heading': 'लिंक की गई पत्रावलियाँ',
  'link.button': 'पत्रावली लिंक करें',
  'link.hint': 'दोनों पत्रावलियाँ स्वतंत्र रहती हैं: हर एक का अपना धारक रहता है और हर एक दूसरी को दिखाती है।',
  'link.find': 'संख्या या विषय से पत्रावली खोजें',
  'link.one': '{number} लिंक करें',
  'link.short': 'लिंक करें',
  'link.none': 'इस टैबलेट पर लिंक करने योग्य कोई अन्य पत्रावली नहीं।',
  'link.noMatch': 'कोई पत्रावली नहीं मिली।',
  'link.empty': 'कोई लिंक की गई पत्रावली नहीं।',
  'link.linkedBy': '{name} द्वारा लिंक, {date}',
  'link.linksHere': 'इस पत्रावली से लिंक है',
  'link.ref': 'लिंक की गई पत्रावली {number}',
  'event.fileLinked': 'पत्रावली लिंक की गई',
  'link.remove': 'लिंक हटाएँ',
  'link.removeOne': '{number} का लिंक हटाएँ',
  'event.fileUnlinked': 'लिंक हटाया गया',
  'errors.linkInvalid':
    'यह पत्रावली लिंक नहीं हो सकती: यह प्राप्ति है, गोपनीय या गुप्त है, या इस टैबलेट पर नहीं है।',
  'refusal.linkInvalid':
    'सर्वर ने दूसरी पत्रावली का लिंक नहीं लिया: वह ऐसी पत्रावली का नाम लेता है जो सर्वर नहीं जानता या जिसे आप नहीं देख सकते, गोपनीय या गुप्त पत्रावली का, या पत्रावली को उसकी अपनी संख्या या विषय से भिन्न बताता है।',
  'errors.unlinkInvalid':
    'इस पत्रावली के लिंक केवल वही हटा सकता है जिसके पास यह पत्रावली है या रही है; यह पत्रावली आपके पास कभी नहीं रही।',
  'refusal.unlinkInvalid':
    'सर्वर ने लिंक हटाना नहीं लिया: यह ऐसे व्यक्ति ने किया जिसके पास पत्रावली कभी नहीं रही। पत्रावली के लिंक केवल उसका धारक हटा सकता है।',
} as const satisfies Record<string, Message>;
