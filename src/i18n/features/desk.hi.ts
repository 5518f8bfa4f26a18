import type { Message } from '../message.ts';

/**
 * Reading and acting at a desk: inbox order and marks, send-dialog recipients,
 * confirmations before closing a file or signing out with unsent work, the
 * file page's correspondence and scans. (Hindi; the key set for this feature.)
 */
export const hiDesk = {
  'inbox.order': 'क्रम',
  'inbox.orderOldest': 'सबसे पुरानी लंबित पहले',
  'inbox.orderUrgent': 'तत्काल और नियत तिथि पार पहले',
  'pending.today': 'आज से लंबित',
  'records.inFile': 'पत्रावली में रखी गई',
  'inbox.via': '{name} के माध्यम से',

  'file.hopPulledBackFrom': '{name} से वापस ली गई',
  'scan.inReceipts': {
    one: 'इस पत्रावली की प्राप्तियों में {count} स्कैन है (पत्राचार देखें)।',
    other: 'इस पत्रावली की प्राप्तियों में {count} स्कैन हैं (पत्राचार देखें)।',
  },
  'send.recipient': '{name}, {designation} — {office}',

  'confirm.cancel': 'रद्द करें',
  'close.confirmTitle': 'यह पत्रावली बंद करें?',
  'close.confirmText':
    'बंद पत्रावली किसी के इनबॉक्स और लंबितता में नहीं दिखेगी। आवश्यकता हो तो इसे बाद में पुनः खोला जा सकता है।',
  'close.confirm': 'हाँ, पत्रावली बंद करें',
  'signOut.pendingTitle': 'कुछ परिवर्तन अभी सर्वर तक नहीं पहुँचे',
  'signOut.pendingText': {
    one: '{count} अभिलेख के परिवर्तन अभी सर्वर को नहीं भेजे गए हैं। वे इस टैबलेट पर सुरक्षित रहेंगे और साइन आउट के बाद भी अगली सिंक में भेजे जाएँगे।',
    other:
      '{count} अभिलेखों के परिवर्तन अभी सर्वर को नहीं भेजे गए हैं। वे इस टैबलेट पर सुरक्षित रहेंगे और साइन आउट के बाद भी अगली सिंक में भेजे जाएँगे।',
  },
  'signOut.confirm': 'फिर भी साइन आउट करें',
  'signOut.stay': 'साइन इन रहें',
} as const satisfies Record<string, Message>;
