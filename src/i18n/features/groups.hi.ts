import type { Message } from '../message.ts';

/** Saved groups of recipients made in the app (decision 0014). (Hindi; the key set.) */
export const hiGroups = {
  'groups.saveAs': 'समूह के रूप में सहेजें',
  'groups.newName': 'नए समूह का नाम',
  'groups.nameRequired': 'समूह का नाम लिखें।',
  'groups.saved': 'समूह “{group}” सहेजा गया।',
  'groups.edit': 'समूह बदलें: {group}',
  'groups.editor': 'समूह {group} बदलें',
  'groups.members': 'सदस्य: {names}',
  'groups.name': 'समूह का नाम',
  'groups.rename': 'नाम बदलें',
  'groups.renamed': 'समूह का नाम अब “{group}” है।',
  'groups.useChosen': 'चुने गए व्यक्तियों को इसके सदस्य बनाएँ',
  'groups.membersChanged': '“{group}” के सदस्य बदले गए।',
  'groups.delete': 'समूह हटाएँ',
  'groups.deleted': 'समूह “{group}” हटाया गया।',
  'event.groupNamed': 'समूह का नाम रखा गया',
  'event.groupMembersSet': 'समूह के सदस्य तय किए गए',
  'event.groupDeleted': 'समूह हटाया गया',
  'errors.groupForbidden': 'इस समूह को केवल इसके कार्यालय के व्यक्ति बदल सकते हैं।',
  'errors.groupInvalid':
    'यह समूह इस प्रकार नहीं बदला जा सकता: यह हटाया जा चुका है, या इसमें कोई ऐसा व्यक्ति है जो निर्देशिका में नहीं है।',
  'refusal.groupForbidden':
    'सर्वर ने सहेजे गए समूह का परिवर्तन नहीं लिया: किसी कार्यालय के समूह केवल उसी कार्यालय के व्यक्ति बनाते और बदलते हैं।',
  'refusal.groupInvalid':
    'सर्वर ने सहेजे गए समूह का परिवर्तन नहीं लिया: नए समूह का नाम और निर्देशिका के सदस्य होने चाहिए, और हटाया गया समूह बदला नहीं जा सकता।',
} as const satisfies Record<string, Message>;
