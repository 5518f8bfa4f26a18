import type { Message } from '../message.ts';

/** The alarm when what a tablet pulled fails verification (issue 14). (Hindi; the key set.) */
export const hiPullCheck = {
  'pullCheck.title': 'सत्यापन विफल',
  'pullCheck.badSignature': 'सर्वर से आई प्रविष्टि का हस्ताक्षर उसके लेखक के उपकरण का मान्य हस्ताक्षर नहीं है।',
  'pullCheck.alteredBytes':
    'सर्वर से आई प्रविष्टि हस्ताक्षर के बाद बदली गई है: उसके शब्द हस्ताक्षर से मेल नहीं खाते।',
  'pullCheck.unknownKey': 'सर्वर से आई प्रविष्टि ऐसी कुंजी से हस्ताक्षरित है जो उसके लेखक के नाम पंजीकृत नहीं है।',
  'pullCheck.brokenChain':
    'सर्वर से आई प्रविष्टि पत्रावली का हस्ताक्षरित क्रम तोड़ती है (किसी अन्य पत्रावली से नकल की गई, या कोई प्रविष्टि गायब है)।',
  'pullCheck.malformed': 'सर्वर से आया परिवर्तन इस पत्रावली का सही परिवर्तन नहीं है।',
  'pullCheck.kept':
    'इस टैबलेट ने उसे लागू नहीं किया और पत्रावली की अपनी प्रति वैसी ही रखी है। अपने कार्यालय के प्रशासक को बताएँ।',
  'pullCheck.bannerText': {
    one: 'एक पत्रावली सत्यापन में विफल रही: सर्वर से आया परिवर्तन लागू नहीं किया गया।',
    other: '{count} पत्रावलियाँ सत्यापन में विफल रहीं: सर्वर से आए परिवर्तन लागू नहीं किए गए।',
  },
  'pullCheck.row': '{number} — {subject}: {problem}',
  'pullCheck.notHere': 'पत्रावली {id}, जो अभी इस टैबलेट पर नहीं है',
  'pullCheck.syncLine': {
    one: '1 पत्रावली सत्यापन में विफल',
    other: '{count} पत्रावलियाँ सत्यापन में विफल',
  },
} as const satisfies Record<string, Message>;
