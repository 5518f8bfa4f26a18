import type { Message } from '../message.ts';

/** Copies for information (`Copy to`): the send dialog, the inbox list, the file page. (Hindi; the key set.) */
export const hiCopies = {
  'copy.to': 'प्रतिलिपि',
  'copy.search': 'प्रतिलिपि के लिए नाम खोजें',
  'copy.hint':
    'जिन्हें प्रतिलिपि जाती है वे पत्रावली सूचनार्थ पाते हैं: पढ़ सकते हैं, "देखा" अंकित कर सकते हैं, आगे नहीं भेज सकते।',
  'copy.chosen': 'प्रतिलिपि: {names}',
  'copy.none': 'प्रतिलिपि किसी को नहीं',
  'copy.forInfo': 'सूचनार्थ',
  'copy.inboxEmpty': 'सूचनार्थ कोई पत्रावली नहीं।',
  'copy.banner':
    'यह पत्रावली आपको {name} ने सूचनार्थ भेजी है। आप इसे पढ़ सकते हैं और "देखा" अंकित कर सकते हैं; इसे आगे भेजना धारक का कार्य है।',
  'copy.markSeen': 'देखा अंकित करें',
  'copy.seenOn': 'आपने {date} को देखा',
  'copy.listHeading': 'प्रतिलिपि',
  'copy.holderSeen': '{name} — {date} को देखा',
  'copy.holderUnseen': '{name} — अभी नहीं देखा',
  'event.copySeen': 'प्रतिलिपि देखी',
  'copy.withdraw': 'वापस लें',
  'copy.withdrawOne': '{name} को भेजी प्रतिलिपि वापस लें',
  'event.copyWithdrawn': 'प्रतिलिपि वापस ली गई',
  'copy.withdrawnNotice':
    'आपको सूचनार्थ भेजी प्रतिलिपि {name} ने {date} को वापस ले ली। यह इस टैबलेट पर पढ़ने हेतु रहती है।',
  'conflict.copyOnly': 'इस व्यक्ति के पास केवल सूचनार्थ प्रतिलिपि थी',
  'errors.copyOnly': 'यह पत्रावली आपके पास केवल सूचनार्थ है; इसे आगे भेजना धारक का कार्य है।',
  'refusal.copyOnly':
    'सूचनार्थ प्रतिलिपि वाले व्यक्ति ने पत्रावली आगे बढ़ाने का प्रयास किया: प्रतिलिपि पढ़ी जा सकती है और "देखा" अंकित की जा सकती है, भेजी नहीं जा सकती।',
  'errors.withdrawInvalid':
    'सूचनार्थ प्रतिलिपि केवल उसे भेजने वाला वापस ले सकता है; यह प्रतिलिपि आपने नहीं भेजी।',
  'refusal.withdrawInvalid':
    'सर्वर ने सूचनार्थ प्रतिलिपि की वापसी नहीं ली: वह ऐसे व्यक्ति ने की जिसने वह प्रतिलिपि कभी नहीं भेजी। केवल भेजने वाला उसे वापस ले सकता है।',
  'event.receiptCopied': 'प्रति बनाई गई',
  'event.copiedFrom': 'प्रति',
  'copy.alsoTo': 'इन्हें भी भेजें (प्रत्येक को अपनी प्रति)',
  'copy.alsoSearch': 'इन्हें भी भेजें के लिए नाम खोजें',
  'copy.alsoHint': 'प्रत्येक को इस प्राप्ति की अपनी प्रति कार्यवाही हेतु मिलती है, अपनी डायरी संख्या सहित।',
  'copy.alsoChosen': 'प्रतियाँ: {names}',
  'copy.copyOf': '{number} की प्रति',
  'copy.copiesMade': 'बनाई गई प्रतियाँ',
  'copy.copyMadeFor': '{number} — {name}',
  'copy.savedGroups': 'सहेजे गए समूह',
  'copy.addGroup': 'समूह जोड़ें: {group}',
} as const satisfies Record<string, Message>;
