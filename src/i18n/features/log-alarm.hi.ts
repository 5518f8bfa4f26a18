import type { Message } from '../message.ts';

/** The alarm a tablet shows when the server's log did not only grow (src/doc/log-check.ts). (Hindi; the key set.) */
export const hiLogAlarm = {
  'sync.logAlarm': 'सर्वर का लॉग बदला गया',
  'logAlarm.label': 'सर्वर लॉग चेतावनी',
  'logAlarm.title': 'सर्वर का अभिलेख बदला गया है',
  'logAlarm.headSignature': 'सर्वर का उत्तर उसकी अपनी कुंजी से हस्ताक्षरित नहीं है।',
  'logAlarm.headMissing': 'सर्वर अब यह प्रमाण नहीं दे रहा कि उसका लॉग केवल आगे बढ़ा है।',
  'logAlarm.logShrank': 'सर्वर का लॉग इस टैबलेट की पिछली जाँच से छोटा है: उसमें से प्रविष्टियाँ हटाई गई हैं।',
  'logAlarm.logRootChanged':
    'सर्वर का लॉग दोबारा लिखा गया है: जिन प्रविष्टियों की इस टैबलेट ने जाँच की थी, वे बदल गई हैं।',
  'logAlarm.logInconsistent':
    'सर्वर का लॉग इस टैबलेट द्वारा जाँचे गए लॉग को आगे नहीं बढ़ाता: इतिहास बदला, हटाया या उसका क्रम बदला गया है।',
  'logAlarm.kept':
    'यह टैबलेट अपनी प्रति रखे हुए है और इस उत्तर से कुछ नहीं लिया गया। अपने ज़िला प्रशासक को तुरंत बताएँ।',
} as const satisfies Record<string, Message>;
