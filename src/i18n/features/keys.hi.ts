import type { Message } from '../message.ts';

/** Device keys: access revoked by the administrator (src/storage/revoked-access.ts). (Hindi; the key set.) */
export const hiKeys = {
  'revoked.label': 'पहुँच रद्द',
  'revoked.notice':
    'प्रशासक ने इस उपकरण पर {name} की पहुँच रद्द कर दी है। उनका डेटा (ड्राफ़्ट, न भेजे गए परिवर्तन, और वे फ़ाइलें जिन्हें यहाँ कोई और नहीं पढ़ सकता) इस टैबलेट से हटा दिया गया है; अन्य लोगों का डेटा सुरक्षित है।',
  'revoked.ask': 'यदि यह भूल से हुआ है, तो अपने ज़िला प्रशासक से संपर्क करें।',
  'revoked.dismiss': 'ठीक है',
} as const satisfies Record<string, Message>;
