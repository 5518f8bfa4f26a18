import type { Message } from '../message.ts';

/** Files attached under another: the main file's panel, its picker, the attached file's notice. (Hindi; the key set.) */
export const hiAttachFiles = {
  'attachFile.heading': 'संलग्न पत्रावलियाँ',
  'attachFile.button': 'पत्रावली संलग्न करें',
  'attachFile.hint':
    'संलग्न पत्रावली इस पत्रावली के साथ चलती है: यह पत्रावली भेजी जाने पर वह भी उसी व्यक्ति को जाती है।',
  'attachFile.find': 'मेरे पास की पत्रावली खोजें',
  'attachFile.one': '{number} इस पत्रावली के नीचे संलग्न करें',
  'attachFile.short': 'संलग्न करें',
  'attachFile.none': 'आपके पास संलग्न करने योग्य कोई अन्य पत्रावली नहीं।',
  'attachFile.noMatch': 'कोई पत्रावली नहीं मिली।',
  'attachFile.empty': 'कोई पत्रावली संलग्न नहीं।',
  'attachFile.detach': '{number} अलग करें',
  'attachFile.detachShort': 'अलग करें',
  'attachFile.under': '{number} के नीचे संलग्न: यह उसी पत्रावली के साथ चलती है।',
  'attachFile.rowUnder': '{number} के नीचे संलग्न',
  'event.fileAttached': 'पत्रावली संलग्न की गई',
  'event.fileDetached': 'पत्रावली अलग की गई',
  'event.attachedUnder': 'दूसरी पत्रावली के नीचे संलग्न',
  'event.detachedFrom': 'मुख्य पत्रावली से अलग की गई',
  'errors.attachClosed':
    'बंद पत्रावली न किसी अन्य के नीचे संलग्न होती है, न किसी पत्रावली को अपने नीचे लेती है; पहले उसे पुनः खोलें।',
  'errors.attachedElsewhere':
    'वह पत्रावली पहले से किसी अन्य पत्रावली के नीचे संलग्न है; पहले उसे वहाँ से अलग करें।',
  'errors.attachCycle': 'यह पत्रावली उसी पत्रावली के नीचे संलग्न है: उसे इसके नीचे संलग्न करने से चक्र बन जाएगा।',
  'errors.attachNested':
    'केवल एक स्तर: जिस पत्रावली के नीचे पत्रावलियाँ संलग्न हैं वह किसी अन्य के नीचे संलग्न नहीं होती, और संलग्न पत्रावली अपने नीचे कोई पत्रावली नहीं लेती।',
  'refusal.attachInvalid':
    'सर्वर ने दूसरी पत्रावली के नीचे संलग्न पत्रावली नहीं ली: दूसरी पत्रावली ज्ञात नहीं, पत्रावली नहीं, आपके पास नहीं, या भिन्न संख्या या विषय से बताई गई।',
} as const satisfies Record<string, Message>;
