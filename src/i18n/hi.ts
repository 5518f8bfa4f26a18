/**
 * Hindi catalog — the source of the key set. Terms follow the glossary of
 * DESIGN.md §9. A value is a string with `{param}` placeholders, or plural
 * forms chosen by Intl.PluralRules on the `count` param.
 */
import type { Message } from './message.ts';
import { hiSettings } from './features/settings.hi.ts';
import { hiReview } from './features/review.hi.ts';
import { hiScans } from './features/scans.hi.ts';
import { hiTrainer } from './features/trainer.hi.ts';
import { hiConflicts } from './features/conflicts.hi.ts';
import { hiLogAlarm } from './features/log-alarm.hi.ts';
import { hiVerify } from './features/verify.hi.ts';
import { hiDesk } from './features/desk.hi.ts';
import { hiPullCheck } from './features/pullcheck.hi.ts';
import { hiKeys } from './features/keys.hi.ts';
import { hiAttach } from './features/attach.hi.ts';
import { hiNoteSheet } from './features/notesheet.hi.ts';
import { hiOffline } from './features/offline.hi.ts';
import { hiRelay } from './features/relay.hi.ts';
import { hiLetters } from './features/letters.hi.ts';
import { hiLetterPrint } from './features/letterprint.hi.ts';
import { hiRetention } from './features/retention.hi.ts';
import { hiGrades } from './features/grades.hi.ts';
import { hiRunningRegister } from './features/running-register.hi.ts';
import { hiCopies } from './features/copies.hi.ts';
import { hiLinks } from './features/links.hi.ts';
import { hiVolumes } from './features/volumes.hi.ts';
import { hiGroups } from './features/groups.hi.ts';
import { hiClosure } from './features/closure.hi.ts';
import { hiAttachFiles } from './features/attach-files.hi.ts';
import { hiDates } from './features/dates.hi.ts';

export type { Message, Plural } from './message.ts';

export const hi = {
  'app.name': 'पत्रावली',
  'app.skipToContent': 'मुख्य सामग्री पर जाएँ',
  'app.loading': 'लोड हो रहा है…',
  'app.pageFailed':
    'यह पृष्ठ नहीं खुल सका। आपका काम इस टैबलेट पर सुरक्षित है; फिर से प्रयास के लिए पुनः लोड करें।',
  'app.reload': 'पुनः लोड करें',
  'app.notFound': 'यह पृष्ठ नहीं मिला।',
  'app.recordNotFound': 'यह अभिलेख इस उपकरण पर नहीं है।',

  'lang.switch': 'English',
  'lang.switchLabel': 'भाषा बदलें: English',

  'nav.label': 'मुख्य नेविगेशन',
  'nav.inbox': 'इनबॉक्स',
  'nav.newFile': 'नई पत्रावली',
  'nav.dak': 'डाक',
  'nav.pendency': 'लंबितता',
  'menu.button': 'मेनू',

  'auth.title': 'पत्रावली में साइन इन करें',
  'auth.username': 'उपयोगकर्ता नाम',
  'auth.password': 'पासवर्ड',
  'auth.signIn': 'साइन इन',
  'auth.signingIn': 'साइन इन हो रहा है…',
  'auth.waitingForServer':
    'सर्वर के उत्तर की प्रतीक्षा है, अधिकतम {seconds} सेकंड; फिर, यदि आप इस टैबलेट पर पहले साइन इन कर चुके हैं, तो यह अपनी सहेजी जानकारी से आपको साइन इन करेगा।',
  'auth.signOut': 'साइन आउट',
  'auth.signedInAs': '{name}, {designation}',
  'auth.error.badCredentials': 'उपयोगकर्ता नाम या पासवर्ड गलत है।',
  'auth.error.offlineNeverSignedIn':
    'नेटवर्क नहीं है और आपने इस टैबलेट पर पहले कभी साइन इन नहीं किया है। पहली बार नेटवर्क होने पर साइन इन करें।',
  'auth.error.offlineBadPassword': 'नेटवर्क नहीं है; इस टैबलेट पर सहेजे गए पासवर्ड से मेल नहीं खाया।',
  'auth.error.serverUnreachable': 'सर्वर से संपर्क नहीं हो सका। बाद में पुनः प्रयास करें।',
  'auth.error.missingFields': 'उपयोगकर्ता नाम और पासवर्ड भरें।',
  'auth.error.unexpected':
    'इस टैबलेट पर एक समस्या के कारण साइन इन नहीं हो सका। फिर प्रयास करें; बार-बार ऐसा हो तो ब्राउज़र बंद करके फिर खोलें या अपने प्रशासक को बताएँ।',
  'auth.error.tooManyAttempts':
    'इस खाते या इस टैबलेट से बहुत बार गलत पासवर्ड डाला गया। {time} के बाद फिर प्रयास करें।',
  'auth.offlineNotice': 'ऑफ़लाइन साइन इन — नेटवर्क आने पर सिंक होगा।',

  'sync.label': 'सिंक स्थिति',
  'sync.offline': 'ऑफ़लाइन',
  'sync.syncing': 'सिंक हो रहा है',
  'sync.synced': 'सिंक हो गया',
  'sync.pending': { one: '{count} लंबित परिवर्तन', other: '{count} लंबित परिवर्तन' },
  'sync.lastSynced': 'अंतिम सिंक: {time}',
  'sync.progress': '{done} / {total}',
  'sync.signedOut': 'साइन आउट',
  'sync.versionMismatch': 'संस्करण मेल नहीं खाता',
  'sync.error.network': 'नेटवर्क उपलब्ध नहीं',
  'sync.error.server': 'सर्वर त्रुटि',

  'version.clientTooOld': 'यह ऐप पुराना हो गया है। कृपया ऐप अपडेट करें (पृष्ठ पुनः लोड करें)।',
  'version.serverTooOld':
    'सर्वर को अपडेट करने की आवश्यकता है। आप ऑफ़लाइन काम जारी रखें; आपका काम सुरक्षित है।',
  'version.updateReady': 'ऐप का नया संस्करण उपलब्ध है।',
  'version.reload': 'अपडेट करें',

  'serverError.unauthenticated': 'आपका सत्र समाप्त हो गया है। कृपया फिर से साइन इन करें।',
  'serverError.frameMalformed': 'सर्वर ने अनुरोध को अमान्य बताया।',
  'serverError.frameTooLarge': 'अनुरोध बहुत बड़ा है।',
  'serverError.forbidden': 'आपको इसकी अनुमति नहीं है।',
  'serverError.deviceMismatch': 'यह उपकरण इस सत्र से मेल नहीं खाता। फिर से साइन इन करें।',
  'serverError.dailyLimit':
    'इस खाते से आज सर्वर को एक कार्यालय के पूरे दिन से अधिक डेटा भेजा गया है। आधी रात तक सिंक रुका रहेगा; आपका काम इसी टैबलेट पर सुरक्षित है। यदि यह वास्तविक काम है, तो जिला प्रशासक से सीमा बढ़ाने को कहें।',
  'serverError.busy':
    'सर्वर अन्य टैबलेटों से इन्हीं अभिलेखों पर व्यस्त था। यह टैबलेट कुछ ही क्षण में अपने आप फिर सिंक करेगा; आपका काम सुरक्षित है।',
  'serverError.otherOffice':
    'इस नेटवर्क पर उत्तर देने वाला सर्वर किसी दूसरे कार्यालय का रिले है, आपके कार्यालय का नहीं। आपके कार्यालय के रिले या ज़िला सर्वर तक पहुँचने पर यह टैबलेट फिर सिंक करेगा; आपका काम इसी टैबलेट पर सुरक्षित है।',
  'serverError.tooManyRequests':
    'सर्वर ने इस टैबलेट से थोड़ा रुकने को कहा है। यह कुछ देर में अपने आप फिर सिंक करेगा; आपका काम सुरक्षित है।',

  'refusal.title': 'सर्वर द्वारा अस्वीकृत परिवर्तन',
  'refusal.intro':
    'सर्वर ने ये परिवर्तन अस्वीकार किए। आपका काम इस उपकरण पर सुरक्षित रखा गया है; अभिलेख सर्वर की स्थिति पर लौटा दिया गया है।',
  'refusal.export': 'अस्वीकृत परिवर्तन निर्यात करें',
  'refusal.unknownReason': 'अज्ञात कारण: {reason}',
  'refusal.item': '{reason} — {date}',
  'refusal.upstream':
    'कार्यालय रिले ने यह परिवर्तन ले लिया था; बाद में ज़िला सर्वर ने इसे अस्वीकार कर दिया, इसलिए यह ज़िले तक नहीं पहुँचा।',
  'refusal.upstreamWhole':
    'ज़िले के पास इस अभिलेख का कुछ भी नहीं है, इसलिए यह अब न इस टैबलेट पर है, न कार्यालय रिले पर। इसमें जो लिखा था, वह यहाँ सुरक्षित है।',
  'refusal.draftKept':
    'इस अभिलेख पर आपकी प्रारूप टिप्पणी, जो कभी भेजी नहीं गई (इसे केवल आप देखते हैं)। अभिलेख अब इस टैबलेट पर नहीं है; आवश्यकता हो तो यह पाठ कॉपी कर लें:',
  'refusal.eventsDeleted': 'परिवर्तन में पुरानी प्रविष्टियाँ हटाई या बदली गई थीं।',
  'refusal.metaChanged': 'परिवर्तन में पत्रावली का विवरण (संख्या, विषय आदि) बदला गया था।',
  'refusal.metaInvalid': 'नए अभिलेख का विवरण अधूरा या अमान्य है।',
  'refusal.eventMalformed': 'एक प्रविष्टि का प्रारूप अमान्य है।',
  'refusal.eventDuplicated': 'एक ही प्रविष्टि दो बार अलग सामग्री के साथ आई।',
  'refusal.actorMismatch': 'प्रविष्टि किसी अन्य व्यक्ति के नाम से थी।',
  'refusal.roleForbidden': 'आपकी भूमिका को यह कार्य करने की अनुमति नहीं है।',
  'refusal.outOfScope': 'यह अभिलेख आपके कार्यालय के दायरे से बाहर है।',
  'refusal.updateTooLarge': 'परिवर्तन बहुत बड़ा है।',
  'refusal.updateMalformed': 'परिवर्तन पढ़ा नहीं जा सका।',
  'refusal.unknownContent': 'परिवर्तन में अज्ञात सामग्री है।',
  'refusal.missingDependencies': 'परिवर्तन उन प्रविष्टियों पर निर्भर है जो सर्वर पर नहीं हैं।',
  'refusal.updateTooComplex': 'परिवर्तन की बनावट इतनी जटिल है कि सर्वर उसे समय पर लागू नहीं कर सकता।',
  'refusal.notingTooLong': 'टिप्पणी बहुत लंबी है (अधिकतम 6,000 अक्षर)। इसे छोटा करें या बाँटें।',
  'refusal.letterNotEnabled': 'मसौदा पत्र अभी लिखे नहीं जा सकते; यह सुविधा अभी उपलब्ध नहीं है।',
  'refusal.unsigned': 'प्रविष्टि पर उपकरण का हस्ताक्षर नहीं है; इस टैबलेट पर फिर से साइन इन करें।',
  'refusal.keyUnknown': 'प्रविष्टि ऐसी कुंजी से हस्ताक्षरित है जो उसके लेखक के नाम पंजीकृत नहीं है।',
  'refusal.keyNotDevice': 'प्रविष्टि किसी अन्य उपकरण की कुंजी से हस्ताक्षरित है।',
  'refusal.keyRevoked': 'प्रविष्टि ऐसी कुंजी से हस्ताक्षरित है जिसे प्रशासक ने रद्द कर दिया है।',
  'refusal.signatureInvalid':
    'प्रविष्टि का हस्ताक्षर मेल नहीं खाता: उसे बदला गया है या वह किसी अन्य पत्रावली की है।',
  'refusal.prevMissing': 'प्रविष्टि ऐसी प्रविष्टियों के बाद की है जो इस पत्रावली में नहीं हैं।',
  'refusal.chainBroken': 'प्रविष्टि इस पत्रावली पर उसके लेखक की पिछली प्रविष्टियों के क्रम में नहीं है।',
  'refusal.clockAhead':
    'प्रविष्टि पर सर्वर के समय से आगे का समय है। टैबलेट की तारीख और समय जाँचें, फिर प्रविष्टि दोबारा करें।',
  'refusal.clockBehind':
    'प्रविष्टि पर उन प्रविष्टियों से पहले का समय है जो इस टैबलेट के पास पत्रावली पर पहले से थीं। टैबलेट की तारीख और समय जाँचें, फिर प्रविष्टि दोबारा करें।',
  'refusal.recordDamaged':
    'सर्वर पर इस पत्रावली की प्रति क्षतिग्रस्त है। आपका परिवर्तन इस टैबलेट पर सुरक्षित है और प्रशासक द्वारा पत्रावली ठीक किए जाने पर फिर से भेजा जाएगा।',
  'refusal.recordDamagedUpstream':
    'ज़िला सर्वर पर इस पत्रावली की प्रति क्षतिग्रस्त है, इसलिए उसने कार्यालय रिले से यह परिवर्तन नहीं लिया। आपका परिवर्तन यहाँ सुरक्षित है; प्रशासक द्वारा ज़िले में पत्रावली ठीक किए जाने के बाद इसे फिर से करें।',
  'refusal.numberTaken':
    'इस कार्यालय की किसी अन्य पत्रावली या प्राप्ति पर यही संख्या पहले से है। टैबलेट की क्रमांकन फिर से शुरू हो गई है (पुनर्स्थापित या दोबारा इंस्टॉल?): और अभिलेख बनाने से पहले प्रशासक से पूछें।',

  'conflict.title': 'विरोधाभास',
  'conflict.intro': 'ऑफ़लाइन में किए गए ये कार्य लागू नहीं हुए, पर सुरक्षित रखे गए हैं:',
  'conflict.item': '{action} — {actor}, {date}: {reason}',
  'conflict.staleBasis': 'इससे पहले एक दूसरा संचलन हो चुका था',
  'conflict.notHolder': 'उस समय पत्रावली इनके पास नहीं थी',
  'conflict.recordClosed': 'पत्रावली बंद थी',
  'conflict.notAllowed': 'उस स्थिति में यह कार्य अनुमत नहीं था',

  'event.noting': 'टिप्पणी',
  'event.sent': 'भेजी गई',
  'event.opened': 'खोली गई',
  'event.pulledBack': 'वापस ली गई',
  'event.parked': 'स्थगित',
  'event.closed': 'बंद',
  'event.reopened': 'पुनः खोली गई',
  'event.diarised': 'डायरी की गई',
  'event.putInFile': 'पत्रावली में रखी गई',
  'event.receiptAttached': 'प्राप्ति संलग्न',

  'errors.notFound': 'यह अभिलेख इस उपकरण पर नहीं मिला।',
  'errors.wrongKind': 'यह कार्य इस प्रकार के अभिलेख पर नहीं हो सकता।',
  'errors.notHolder': 'यह अभिलेख अभी आपके पास नहीं है।',
  'errors.recordClosed': 'पत्रावली बंद है; पहले पुनः खोलें।',
  'errors.notAllowed': 'यह कार्य अभी अनुमत नहीं है।',
  'errors.emptyDraft': 'टिप्पणी खाली है।',
  'errors.invalidInput': 'भरी गई जानकारी अमान्य है।',
  'errors.unknownPerson': 'यह व्यक्ति निर्देशिका में नहीं है।',
  'errors.noDeviceNumber':
    'इस टैबलेट को अभी उपकरण संख्या नहीं मिली है, इसलिए यह नई पत्रावली, प्राप्ति या प्रेषण को संख्या नहीं दे सकता। कार्यालय रिले पर इस टैबलेट के साइन इन की पुष्टि होते ही (जब कार्यालय का ज़िले से संपर्क लौटेगा) ज़िला यह संख्या देता है, और टैबलेट अगले सिंक पर उसे ले लेता है। तब तक आप भेजी गई पत्रावलियों पर टिप्पणी कर सकते हैं और उन्हें आगे भेज सकते हैं।',

  'errors.staleBasis': 'इस बीच पत्रावली में दूसरा संचलन हो चुका है; पृष्ठ देखें और पुनः प्रयास करें।',
  'errors.roleForbidden': 'आपकी भूमिका को यह कार्य करने की अनुमति नहीं है।',
  'errors.unknownOffice': 'यह कार्यालय निर्देशिका में नहीं है।',

  'command.staleBasis': 'इस बीच पत्रावली में दूसरा संचलन हो चुका है।',
  'command.notHolder': 'यह पत्रावली अभी आपके पास नहीं है।',
  'command.recordClosed': 'पत्रावली बंद है; पहले पुनः खोलें।',
  'command.notAllowed': 'यह कार्य अभी अनुमत नहीं है।',
  'command.noRecord': 'यह अभिलेख इस उपकरण पर नहीं है।',
  'command.emptyText': 'पाठ खाली है।',
  'command.textTooLong': 'पाठ बहुत लंबा है।',
  'command.invalidDate': 'तिथि अमान्य है।',
  'command.sendToSelf': 'पत्रावली स्वयं को नहीं भेजी जा सकती।',
  'command.invalidInput': 'भरी गई जानकारी अमान्य है।',

  'inbox.title': 'इनबॉक्स',
  'inbox.tabWithMe': 'मेरे पास',
  'inbox.tabSent': 'मेरे द्वारा भेजी गई (लंबित)',
  'inbox.empty': 'आपके पास कोई पत्रावली या डाक लंबित नहीं है।',
  'join.desk': 'आपका इनबॉक्स इस टैबलेट पर लाया जा रहा है…',
  'join.label': 'कार्यालय का बाकी रिकॉर्ड आ रहा है',
  'join.rest': 'आपका इनबॉक्स आ गया है। कार्यालय का बाकी रिकॉर्ड पृष्ठभूमि में आ रहा है।',
  'join.left': {
    one: '{count} रिकॉर्ड और {size} बाकी',
    other: '{count} रिकॉर्ड और {size} बाकी',
  },
  'join.eta': 'लगभग {time} और',
  'join.etaSoon': 'एक मिनट से कम और',
  'join.sentArriving':
    'आपकी भेजी गई, दूसरों के पास लंबित पत्रावलियाँ कार्यालय के बाकी रिकॉर्ड के साथ आ रही हैं; यह सूची अभी पूरी नहीं है।',
  'inbox.sentEmpty': 'आपके द्वारा भेजी गई कोई पत्रावली दूसरों के पास लंबित नहीं है।',
  'inbox.number': 'संख्या',
  'inbox.subject': 'विषय',
  'inbox.from': 'किससे',
  'inbox.with': 'किसके पास',
  'inbox.pending': 'लंबित',
  'inbox.fromPerson': '{name} से',
  'inbox.openedBy': '{name} द्वारा खोली गई',
  'inbox.withPerson': '{name} के पास',
  'inbox.unopened': 'नई',
  'search.label': 'खोजें',
  'search.placeholder': 'संख्या, विषय, प्रेषक या टिप्पणी; हिन्दी या रोमन',
  'search.results': 'खोज परिणाम',
  'search.none': 'इस टैबलेट पर कोई पत्रावली या प्राप्ति मेल नहीं खाती।',
  'search.limited': 'हाल में सक्रिय {count} दिखाई गई हैं; और लिखकर खोज सीमित करें।',
  'search.server.results': 'सर्वर पर',
  'search.server.button': 'सर्वर पर अन्य कार्यालयों में खोजें',
  'search.server.loading': 'सर्वर पर खोज रहे हैं…',
  'search.server.failed': 'सर्वर से संपर्क नहीं हो सका; ऑनलाइन होने पर फिर खोजें।',
  'search.server.none': 'सर्वर पर और कुछ नहीं मिला।',
  'search.server.marker': '(सर्वर पर, इस टैबलेट पर नहीं)',
  'search.server.office': 'कार्यालय',
  'search.server.more': 'सर्वर पर और भी हैं; और लिखकर खोज सीमित करें।',
  'records.showMore': '{count} और दिखाएँ (कुल {total})',
  'inbox.overdue': 'नियत तिथि बीत गई',
  'pending.days': { one: '{count} दिन से लंबित', other: '{count} दिन से लंबित' },

  'kind.file': 'पत्रावली',
  'kind.receipt': 'प्राप्ति',

  'newFile.title': 'नई पत्रावली',
  'newFile.subject': 'विषय',
  'newFile.category': 'श्रेणी',
  'newFile.create': 'पत्रावली बनाएँ',
  'newFile.subjectRequired': 'विषय लिखें।',

  'category.revenue': 'राजस्व',
  'category.landRecords': 'भू-अभिलेख',
  'category.disasterRelief': 'आपदा राहत',
  'category.pensions': 'पेंशन',
  'category.establishment': 'अधिष्ठान',
  'category.rti': 'सूचना का अधिकार',
  'category.courtCases': 'न्यायालय वाद',
  'category.others': 'अन्य',

  'priority.label': 'प्राथमिकता',
  'priority.normal': 'सामान्य',
  'priority.urgent': 'तत्काल',
  'priority.mostUrgent': 'अति तत्काल',

  'status.active': 'सक्रिय',
  'status.parked': 'स्थगित',
  'status.closed': 'बंद',

  'file.subject': 'विषय: {subject}',
  'file.category': 'श्रेणी: {category}',
  'file.holder': '{name} के पास, {date} से',
  'file.status': 'स्थिति: {status}',
  'file.dueDate': 'नियत तिथि: {date}',
  'file.noteSheet': 'नोटशीट',
  'file.noNotings': 'अभी कोई अंतिम टिप्पणी नहीं है।',
  'file.paragraph': 'अनुच्छेद {n}',
  'file.unverifiedTime': '(उपकरण का समय, असत्यापित)',
  'file.draftHeading': 'मेरी प्रारूप टिप्पणी',
  'file.noting': 'टिप्पणी',
  'file.saveDraft': 'प्रारूप सहेजें',
  'file.draftSaved': 'प्रारूप सहेजा गया',
  'file.draftHint': 'प्रारूप केवल आपको दिखता है; भेजने पर यह अंतिम टिप्पणी बन जाता है।',
  'file.send': 'भेजें',
  'file.pullBack': 'वापस लें',
  'file.park': 'स्थगित करें',
  'file.closeFile': 'बंद करें',
  'file.reopen': 'पुनः खोलें',
  'file.actions': 'कार्य',
  'close.byOpener':
    'इस पत्रावली को वही बंद करते हैं जिन्होंने इसे खोला था: {opener}, बंद करने का अनुमोदन करने वाले अधिकारी का नाम देकर। बंद कराने के लिए टिप्पणी में अपना अनुमोदन लिखें और पत्रावली उन्हें भेजें। खंड बंद करने से इसी पत्रावली का केवल नया खंड शुरू होता है।',
  'file.correspondence': 'पत्राचार',
  'file.noReceipts': 'इस पत्रावली में कोई प्राप्ति नहीं है।',
  'file.movement': 'संचलन इतिहास',
  'file.hop': '{holder}: {since} से {until} तक ({duration})',
  'file.hopCurrent': '{holder}: {since} से अब तक ({duration})',
  'file.hopFrom': '{name} द्वारा भेजी गई',
  'file.hopRemarks': 'अभ्युक्ति: {remarks}',
  'file.hopPulledBack': 'खोले जाने से पहले वापस ली गई',
  'file.awaitingOpen': 'प्राप्तकर्ता ने अभी नहीं खोली है।',
  'duration.days': { one: '{count} दिन', other: '{count} दिन' },
  'duration.hours': { one: '{count} घंटा', other: '{count} घंटे' },
  'duration.minutes': { one: '{count} मिनट', other: '{count} मिनट' },

  'send.title': 'पत्रावली भेजें',
  'send.to': 'किसे भेजें',
  'send.choose': '— चुनें —',
  'send.remarks': 'अभ्युक्ति',
  'send.dueDate': 'नियत तिथि',
  'send.priority': 'प्राथमिकता',
  'send.submit': 'भेजें',
  'send.cancel': 'रद्द करें',
  'send.recipientRequired': 'प्राप्तकर्ता चुनें।',
  'send.dueDatePast': 'नियत तिथि आज से पहले की नहीं हो सकती।',

  'dak.title': 'डाक',
  'dak.diariseHeading': 'प्राप्ति डायरी करें',
  'dak.from': 'प्रेषक',
  'dak.letterNumber': 'पत्र संख्या',
  'dak.letterDate': 'पत्र दिनांक',
  'dak.subject': 'विषय',
  'dak.mode': 'प्राप्ति का माध्यम',
  'dak.category': 'श्रेणी',
  'dak.diarise': 'डायरी करें',
  'dak.diarised': 'डायरी संख्या: {number}',
  'dak.withMe': 'मेरे पास की प्राप्तियाँ',
  'dak.empty': 'आपके पास कोई प्राप्ति नहीं है।',
  'dak.required': 'प्रेषक, पत्र संख्या, पत्र दिनांक और विषय भरें।',

  'mode.post': 'डाक',
  'mode.speedPost': 'स्पीड पोस्ट',
  'mode.hand': 'दस्ती',
  'mode.email': 'ई-मेल',
  'mode.fax': 'फ़ैक्स',
  'mode.courier': 'कूरियर',

  'receipt.letter': 'पत्र: {letterNumber}, दिनांक {letterDate}, {from} से ({mode})',
  'receipt.inFile': 'पत्रावली {number} में रखी गई',
  'receipt.putInNewFile': 'नई पत्रावली में रखें',
  'receipt.putInExistingFile': 'पत्रावली में रखें',
  'receipt.existingFile': 'मौजूदा पत्रावली',

  'pendency.title': 'लंबितता',
  'pendency.person': 'व्यक्ति',
  'pendency.office': 'कार्यालय',
  'pendency.total': 'कुल',
  'pendency.bucket0to7': '0–7 दिन',
  'pendency.bucket8to15': '8–15 दिन',
  'pendency.bucket16to30': '16–30 दिन',
  'pendency.bucketOver30': '30 दिन से अधिक',
  'pendency.empty': 'कोई लंबित अभिलेख नहीं।',

  'storage.lowSpace': 'इस उपकरण पर संग्रहण स्थान कम है। सिंक करें और कुछ स्थान खाली करें।',
  'storage.notPersistent': 'ब्राउज़र ने स्थायी संग्रहण नहीं दिया है; डेटा हटाया जा सकता है। नियमित सिंक करें।',

  ...hiSettings,
  ...hiReview,
  ...hiScans,
  ...hiTrainer,
  ...hiConflicts,
  ...hiLogAlarm,
  ...hiVerify,
  ...hiDesk,
  ...hiPullCheck,
  ...hiKeys,
  ...hiNoteSheet,
  ...hiAttach,
  ...hiOffline,
  ...hiRelay,
  ...hiLetters,
  ...hiLetterPrint,
  ...hiRetention,
  ...hiGrades,
  ...hiRunningRegister,
  ...hiCopies,
  ...hiLinks,
  ...hiVolumes,
  ...hiGroups,
  ...hiClosure,
  ...hiAttachFiles,
  ...hiDates,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof hi;
export type Catalog = { readonly [K in MessageKey]: Message };
