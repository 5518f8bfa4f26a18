import type { Message } from '../message.ts';

/** Device keys: access revoked (src/storage/session/revoked-access.ts), sign in again (session-upgrade.ts). (Hindi; the key set.) */
export const hiKeys = {
  'serverError.accessRevoked': 'प्रशासक ने इस उपकरण पर इस व्यक्ति की पहुँच रद्द कर दी है।',
  'revoked.label': 'पहुँच रद्द',
  'revoked.notice':
    'प्रशासक ने इस उपकरण पर {name} की पहुँच रद्द कर दी है। उनका डेटा (ड्राफ़्ट, न भेजे गए परिवर्तन, और वे पत्रावलियाँ जिन्हें यहाँ कोई और नहीं पढ़ सकता) इस टैबलेट से हटा दिया गया है; अन्य लोगों का डेटा सुरक्षित है।',
  'revoked.ask': 'यदि यह भूल से हुआ है, तो अपने ज़िला प्रशासक से संपर्क करें।',
  'revoked.dismiss': 'ठीक है',
  'signInAgain.label': 'फिर से साइन इन करें',
  'signInAgain.signingKey':
    '{name}, कृपया फिर से साइन इन करें: यह टैबलेट अब आपके काम पर आपकी अपनी कुंजी से हस्ताक्षर करता है, जो साइन इन करते समय बनती है।',
  'signInAgain.logKey':
    '{name}, कृपया फिर से साइन इन करें: सर्वर का अभिलेख केवल आगे बढ़ता है, इसकी जाँच के लिए इस टैबलेट को सर्वर की लॉग कुंजी चाहिए, जो साइन इन करते समय मिलती है।',
  'signInAgain.kept': 'आपके ड्राफ़्ट और न भेजे गए परिवर्तन इस टैबलेट पर सुरक्षित हैं और साइन इन के बाद भेजे जाएँगे।',
  'signature.device': 'लेखक के उपकरण की कुंजी से हस्ताक्षरित · कुंजी {key}, उपकरण {device}',
  'signature.deviceKey': 'लेखक के उपकरण की कुंजी से हस्ताक्षरित · कुंजी {key}',
  'signature.server': 'सर्वर द्वारा प्रमाणित (उपकरण कुंजियों से पहले का)',
} as const satisfies Record<string, Message>;
