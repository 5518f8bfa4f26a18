import type { Message } from '../message.ts';

/** The office's running dispatch register: the server's number beside the tablet's. (Hindi; the key set.) */
export const hiRunningRegister = {
  'runningRegister.number': 'पंजी संख्या',
  'runningRegister.pending': 'पंजी संख्या सिंक होने पर मिलेगी',
  'runningRegister.pendingShort': 'सिंक के बाद',
  'runningRegister.notGiven':
    'अभी नहीं दी गई: प्रेषण ज़िला सर्वर तक पहुँचने पर वही इसे देता है (पंजी शुरू होने से पहले के प्रेषण को नहीं मिलती)',
  'runningRegister.notGivenShort': 'अभी नहीं दी गई',
  'runningRegister.tabletNumber': 'टैबलेट संख्या {number}',
  'runningRegister.intro':
    'इस टैबलेट पर कार्यालय की पत्रावलियों से प्रेषित हर पत्र। प्रेषण संख्या प्रेषण करने वाले टैबलेट पर बनती है; यह कार्यालय एक चालू प्रेषण पंजी भी रखता है: सिंक होने पर सर्वर हर प्रेषण को वर्ष की अगली पंजी संख्या देता है, और टैबलेट की अपनी संख्या उसके साथ बनी रहती है।',
  'refusal.registerNumberForged':
    'पंजी संख्या केवल सर्वर देता है; इस परिवर्तन ने स्वयं पंजी संख्या लिखनी चाही, इसलिए लिया नहीं गया।',
} as const satisfies Record<string, Message>;
