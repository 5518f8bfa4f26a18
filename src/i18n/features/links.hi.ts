import type { Message } from '../message.ts';

/** Linked files (`Link file`): the file page's panel and its picker. (Hindi; the key set.) */
export const hiLinks = {
  'link.heading': 'लिंक की गई फ़ाइलें',
  'link.button': 'फ़ाइल लिंक करें',
  'link.hint': 'दोनों फ़ाइलें स्वतंत्र रहती हैं: हर एक का अपना धारक रहता है और हर एक दूसरी को दिखाती है।',
  'link.find': 'संख्या या विषय से फ़ाइल खोजें',
  'link.one': '{number} लिंक करें',
  'link.short': 'लिंक करें',
  'link.none': 'इस टैबलेट पर लिंक करने योग्य कोई अन्य फ़ाइल नहीं।',
  'link.noMatch': 'कोई फ़ाइल नहीं मिली।',
  'link.empty': 'कोई लिंक की गई फ़ाइल नहीं।',
  'link.linkedBy': '{name} द्वारा लिंक, {date}',
  'link.linksHere': 'इस फ़ाइल से लिंक है',
  'link.ref': 'लिंक की गई फ़ाइल {number}',
  'event.fileLinked': 'फ़ाइल लिंक की गई',
  'link.remove': 'लिंक हटाएँ',
  'link.removeOne': '{number} का लिंक हटाएँ',
  'event.fileUnlinked': 'लिंक हटाया गया',
  'errors.linkInvalid':
    'यह फ़ाइल लिंक नहीं हो सकती: यह प्राप्ति है, गोपनीय या गुप्त है, या इस टैबलेट पर नहीं है।',
  'refusal.linkInvalid':
    'सर्वर ने दूसरी फ़ाइल का लिंक नहीं लिया: वह ऐसी फ़ाइल का नाम लेता है जो सर्वर नहीं जानता या जिसे आप नहीं देख सकते, गोपनीय या गुप्त फ़ाइल का, या फ़ाइल को उसकी अपनी संख्या या विषय से भिन्न बताता है।',
  'errors.unlinkInvalid':
    'इस फ़ाइल के लिंक केवल वही हटा सकता है जिसके पास यह फ़ाइल है या रही है; यह फ़ाइल आपके पास कभी नहीं रही।',
  'refusal.unlinkInvalid':
    'सर्वर ने लिंक हटाना नहीं लिया: यह ऐसे व्यक्ति ने किया जिसके पास फ़ाइल कभी नहीं रही। फ़ाइल के लिंक केवल उसका धारक हटा सकता है।',
} as const satisfies Record<string, Message>;
