import type { Message } from '../message.ts';

/** The printed letter, its QR code checked on the Verify page, the dispatch register (issue 16). (Hindi; the key set.) */
export const hiLetterPrint = {
  'letterPrint.button': 'पत्र प्रिंट करें',
  'letterPrint.number': 'पत्रांक: {number}',
  'letterPrint.numberPending': 'पत्रांक: प्रेषण पर दिया जाएगा',
  'letterPrint.file': 'पत्रावली संख्या: {number}',
  'letterPrint.date': 'दिनांक: {date}',
  'letterPrint.to': 'सेवा में,',
  'letterPrint.subject': 'विषय: {subject}',
  'letterPrint.reference': 'संदर्भ: डायरी संख्या {diary}',
  'letterPrint.referenceLetter': 'संदर्भ: आपका पत्र संख्या {number} दिनांक {date} (डायरी संख्या {diary})',
  'letterPrint.approvedAt': 'अनुमोदित {date}',
  'letterPrint.qrLabel': 'अनुमोदन के हस्ताक्षर का QR कोड',
  'letterPrint.qrCaption':
    'अनुमोदक के उपकरण की कुंजी ({key}) से हस्ताक्षरित। पत्रावली के "सत्यापित करें" पृष्ठ पर बिना इंटरनेट जाँचें।',
  'letterPrint.hash': 'पाठ का हैश {hash}…',
  'letterPrint.unsigned': 'यह अनुमोदन उपकरण की कुंजी से हस्ताक्षरित नहीं है; इसका QR कोड नहीं है।',
  'verify.chooseButton': 'निर्यात फ़ाइल चुनें',
  'verifyLetter.title': 'पत्र का QR कोड जाँचें',
  'verifyLetter.intro':
    'छपे पत्र का QR कोड चिपकाएँ या टाइप करें, या उसकी फ़ोटो चुनें। जाँच इसी टैबलेट पर निर्देशिका की सार्वजनिक कुंजियों से होती है, बिना नेटवर्क के।',
  'verifyLetter.payload': 'QR कोड का पाठ',
  'verifyLetter.check': 'QR कोड जाँचें',
  'verifyLetter.photoButton': 'QR कोड की फ़ोटो चुनें',
  'verifyLetter.photo': 'QR कोड की फ़ोटो',
  'verifyLetter.noCode':
    'इस फ़ोटो में QR कोड नहीं पढ़ा जा सका। कोड को पास से, सीधा और पूरा लेकर फिर फ़ोटो लें।',
  'verifyLetter.photoTooLarge': 'यह फ़ोटो {mb} MB से बड़ी है; इसे खोला नहीं गया।',
  'verifyLetter.result': 'पत्र सत्यापन परिणाम',
  'verifyLetter.approvedBy': 'अनुमोदक: {name}, {designation}, {office}',
  'verifyLetter.approvedOn': 'अनुमोदन: {date}',
  'verifyLetter.hash': 'पत्र के पाठ का हैश (SHA-256):',
  'verifyLetter.onTablet': 'यह पत्र इस टैबलेट पर है: पत्रावली {number}, विषय: {subject}',
  'verifyLetter.key': 'कुंजी {key}, उपकरण {device}',
  'verifyLetter.keyRevoked': 'यह कुंजी {date} को निरस्त की गई; उससे पहले के हस्ताक्षर मान्य रहते हैं।',
  'verifyLetter.claims': 'कोड के अनुसार अनुमोदक {person}, {date}',
  'verifyLetter.problem.malformed':
    'यह पत्रावली के पत्र का QR कोड नहीं है, या इसका पाठ अधूरा या बिगड़ा है।',
  'verifyLetter.problem.unknownKey':
    'जिस कुंजी से हस्ताक्षर हुए, वह इस टैबलेट की निर्देशिका में नहीं है (नई कुंजियों के लिए एक बार सिंक करें)।',
  'verifyLetter.problem.keyNotApprovers': 'यह कुंजी अनुमोदक की, उसी उपकरण की नहीं है।',
  'verifyLetter.problem.badSignature': 'हस्ताक्षर मेल नहीं खाते: कोड जाली है या उसमें कुछ बदला गया है।',
} as const satisfies Record<string, Message>;
