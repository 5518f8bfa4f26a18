import type { Message } from '../message.ts';

/** Settings, storage, backup and the update prompt. (Hindi; the key set for this feature.) */
export const hiSettings = {
  'settings.nav': 'सेटिंग्स',
  'settings.title': 'सेटिंग्स और संग्रहण',
  'settings.storageHeading': 'इस उपकरण पर संग्रहण',
  'settings.checking': 'संग्रहण की जाँच हो रही है…',
  'settings.persistence': 'स्थायी संग्रहण',
  'settings.persistentYes': 'हाँ — ब्राउज़र इस उपकरण का डेटा सुरक्षित रखेगा।',
  'settings.persistentNo': 'नहीं — स्थान कम होने पर ब्राउज़र डेटा हटा सकता है।',
  'settings.persistentUnknown': 'यह ब्राउज़र नहीं बताता।',
  'settings.askPersist': 'डेटा सुरक्षित रखने का अनुरोध फिर करें',
  'settings.used': 'उपयोग में',
  'settings.available': 'उपलब्ध',
  'settings.quota': 'कुल अनुमत',
  'settings.unknownSize': 'ज्ञात नहीं',
  'settings.appVersion': 'ऐप संस्करण',
  'settings.quarantineHeading': 'अस्वीकृत परिवर्तन',
  'settings.quarantineNone': 'सर्वर ने कोई परिवर्तन अस्वीकार नहीं किया है।',
  'settings.quarantineCount': {
    one: 'सर्वर ने {count} परिवर्तन अस्वीकार किया है; वह इस उपकरण पर सुरक्षित है।',
    other: 'सर्वर ने {count} परिवर्तन अस्वीकार किए हैं; वे इस उपकरण पर सुरक्षित हैं।',
  },
  'settings.quarantineDownload': 'अस्वीकृत परिवर्तनों की फ़ाइल डाउनलोड करें (सहायता डेस्क के लिए)',
  'backup.heading': 'बैकअप',
  'backup.intro':
    'टैबलेट बदलने या रीसेट करने से पहले इस उपकरण का सब कुछ (पत्रावलियाँ, डाक, आपकी प्रारूप टिप्पणियाँ, न भेजे गए और अस्वीकृत परिवर्तन) एक फ़ाइल में सहेजें, और नए टैबलेट पर आयात करें।',
  'backup.privacy':
    'इस फ़ाइल में केवल आपकी अपनी प्रारूप टिप्पणियाँ हैं; दूसरों की इसी टैबलेट पर रहती हैं, और हर व्यक्ति अपनी निर्यात कर सकता है। इसमें कार्यालय की पत्रावलियाँ भी हैं: इसे टैबलेट जितना ही सुरक्षित रखें।',
  'backup.export': 'बैकअप निर्यात करें',
  'backup.exporting': 'बैकअप तैयार हो रहा है…',
  'backup.exported': 'बैकअप {fileName} के रूप में सहेजा गया।',
  'backup.import': 'बैकअप आयात करें',
  'backup.reading': 'फ़ाइल पढ़ी जा रही है…',
  'backup.preview':
    'यह बैकअप {date} को बना (ऐप संस्करण {version}): {records}, {drafts}, {outbox}, {quarantine}।',
  'backup.confirm': 'यह बैकअप आयात करें',
  'backup.cancel': 'रद्द करें',
  'backup.importing': 'आयात हो रहा है…',
  'backup.imported': 'आयात पूरा: {recordsUpdated}, {drafts}, {outbox}, {quarantine}, {settings}।',
  // Each count of the two lines above, in its own plural form ("1 draft noting", not "1 draft notings").
  'backup.count.records': { one: '{count} अभिलेख', other: '{count} अभिलेख' },
  'backup.count.recordsUpdated': { one: '{count} अभिलेख अद्यतन', other: '{count} अभिलेख अद्यतन' },
  'backup.count.drafts': { one: '{count} प्रारूप टिप्पणी', other: '{count} प्रारूप टिप्पणियाँ' },
  'backup.count.outbox': { one: '{count} न भेजा गया परिवर्तन', other: '{count} न भेजे गए परिवर्तन' },
  'backup.count.quarantine': { one: '{count} अस्वीकृत परिवर्तन', other: '{count} अस्वीकृत परिवर्तन' },
  'backup.count.settings': { one: '{count} सेटिंग', other: '{count} सेटिंग्स' },
  'backup.nothingNew': 'कुछ नया नहीं: इस फ़ाइल का सब कुछ पहले से इस उपकरण पर है।',
  'backup.error.badMagic': 'यह पत्रावली की बैकअप फ़ाइल नहीं है।',
  'backup.error.unsupportedVersion': 'यह बैकअप ऐप के नए संस्करण से बना है। पहले ऐप अद्यतन करें, फिर आयात करें।',
  'backup.error.truncated': 'बैकअप फ़ाइल अधूरी है (कॉपी करते समय कट गई)। उसे फिर से कॉपी करें।',
  'backup.error.badChecksum': 'बैकअप फ़ाइल खराब है (चेकसम मेल नहीं खाता)। उसे फिर से कॉपी करें।',
  'backup.error.malformed': 'बैकअप फ़ाइल खराब है और पढ़ी नहीं जा सकती।',
  'backup.error.otherGeneration':
    'यह बैकअप सर्वर का डेटा रीसेट होने से पहले का है; इसे इस उपकरण के डेटा के साथ नहीं मिलाया जा सकता।',
  'backup.error.unknown': 'बैकअप आयात नहीं हो सका: {detail}',
  'update.applying': 'प्रारूप सहेजे जा रहे हैं और ऐप अद्यतन हो रहा है…',
  'update.draftsKept': 'अद्यतन से पहले आपकी प्रारूप टिप्पणियाँ सहेजी जाएँगी।',
  'update.saveFailed':
    'एक प्रारूप सहेजा नहीं जा सका, इसलिए ऐप अद्यतन नहीं हुआ। उसे सहेजें, फिर अद्यतन करें दबाएँ।',
  'update.activatedElsewhere': 'ऐप दूसरे टैब में अद्यतन हो गया है। तैयार होने पर अद्यतन करें दबाएँ।',
} as const satisfies Record<string, Message>;
