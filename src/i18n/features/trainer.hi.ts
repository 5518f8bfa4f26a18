import type { Message } from '../message.ts';

/** Trainer mode: reset, practice offline, the guided exercise. (Hindi; the key set for this feature.) */
export const hiTrainer = {
  'sync.signInAgain': 'सिंक के लिए फिर से साइन इन करें',
  'practice.switch': 'अभ्यास: ऑफ़लाइन',
  'practice.banner': 'अभ्यास: ऑफ़लाइन मोड चालू है',
  'practice.bannerHint':
    'इस उपकरण का सिंक रुका है। काम यहाँ जारी रहता है और स्विच बंद करने पर मिलान हो जाता है।',
  'training.nav': 'प्रशिक्षण',
  'training.title': 'प्रशिक्षण',
  'exercise.title': 'निर्देशित अभ्यास: कार्यालय का एक दिन',
  'exercise.intro':
    'हर चरण ऐप में वैसे ही करें जैसे अपने पटल पर करते हैं। चरण तभी टिक होता है जब इस उपकरण पर वह सच में दर्ज हो जाए।',
  'exercise.start': 'अभ्यास शुरू करें',
  'exercise.reset': 'प्रगति फिर से शुरू करें',
  'exercise.startedAt': '{time} को शुरू किया',
  'exercise.progress': '{total} में से {done} चरण पूरे',
  'exercise.stepDone': 'पूरा',
  'exercise.stepTodo': 'अभी बाकी',
  'exercise.complete': 'शाबाश — कार्यालय का दिन पूरा हुआ।',
  'exercise.step.diarise': 'एक पत्र डायरी करें',
  'exercise.step.diariseHint': 'डाक → पत्र का विवरण भरें → डायरी करें।',
  'exercise.step.openFile': 'पत्रावली खोलें',
  'exercise.step.openFileHint': 'नई पत्रावली बनाएँ, या डायरी की गई प्राप्ति को पत्रावली में रखें।',
  'exercise.step.noting': 'टिप्पणी लिखें',
  'exercise.step.notingHint': 'पत्रावली की नोटशीट पर अपनी टिप्पणी लिखें (यह प्रारूप के रूप में सहेजी जाती है)।',
  'exercise.step.send': 'पत्रावली भेजें',
  'exercise.step.sendHint': 'अभ्युक्ति और नियत तिथि के साथ तहसीलदार को भेजें।',
  'exercise.step.approve': 'तहसीलदार अनुमोदन करें',
  'exercise.step.approveHint':
    'तहसीलदार पत्रावली खोलकर टिप्पणी जोड़ें और वापस भेजें (इसी टैबलेट पर या दूसरे पर)।',
  'exercise.step.pendency': 'लंबितता में देखें',
  'exercise.step.pendencyHint': 'भेजने के बाद लंबितता खोलें और पत्रावली ढूँढें।',
  'post.title': 'आज की डाक',
  'post.intro':
    'तहसील में आए पत्र, जो डायरी होने की प्रतीक्षा में हैं। कोई पत्र चुनें: डाक का फ़ॉर्म उसके विवरण भरकर खुलेगा; जाँचकर "डायरी करें" दबाएँ।',
  'post.count': '{total} में से {done} पत्र डायरी हो गए',
  'post.letterLine': 'पत्र सं. {number}, दिनांक {date}',
  'post.diarise': 'यह पत्र डायरी करें',
  'post.done': 'डायरी हो गया',
  'post.waiting': 'डायरी होना शेष',
  'trainer.title': 'प्रशिक्षक नियंत्रण',
  'trainer.explain': 'अगले बैच के लिए डेमो ज़िले को शुरुआती स्थिति में लौटाता है। खाते और पासवर्ड बने रहते हैं।',
  'trainer.reset': 'डेमो ज़िला रीसेट करें',
  'trainer.confirmTitle': 'डेमो ज़िला रीसेट करें?',
  'trainer.confirmText':
    'कक्षा द्वारा बनाई गई हर पत्रावली, डाक और टिप्पणी सर्वर से मिट जाएगी, और हर टैबलेट अपने अगले सिंक पर नए सिरे से शुरू होगा। इसे वापस नहीं किया जा सकता।',
  'trainer.confirm': 'हाँ, रीसेट करें',
  'trainer.cancel': 'रद्द करें',
  'trainer.resetting': 'रीसेट हो रहा है…',
  'trainer.resetDone': 'डेमो ज़िला रीसेट हुआ: {records} डेमो अभिलेख (डेटा पीढ़ी {generation})।',
  'trainer.error.forbidden':
    'अस्वीकृत: केवल प्रशिक्षक रीसेट कर सकते हैं, और केवल तब जब सर्वर डेमो ज़िला चला रहा हो।',
  'trainer.error.unauthenticated': 'डेमो ज़िला रीसेट करने के लिए फिर से (ऑनलाइन) साइन इन करें।',
  'trainer.error.network':
    'सर्वर से संपर्क नहीं हो सका। रीसेट के लिए नेटवर्क चाहिए (क्या अभ्यास: ऑफ़लाइन चालू है?)।',
  'trainer.error.server': 'सर्वर डेमो ज़िला रीसेट नहीं कर सका। फिर से प्रयास करें।',
} as const satisfies Record<string, Message>;
