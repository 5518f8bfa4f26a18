import type { Message } from '../message.ts';

/** Files attached under another: the main file's panel, its picker, the attached file's notice. (Hindi; the key set.) */
export const hiAttachFiles = {
  'attachFile.heading': 'संलग्न फ़ाइलें',
  'attachFile.button': 'फ़ाइल संलग्न करें',
  'attachFile.hint':
    'संलग्न फ़ाइल इस फ़ाइल के साथ चलती है: यह फ़ाइल भेजी जाने पर वह भी उसी व्यक्ति को जाती है।',
  'attachFile.find': 'मेरे पास की फ़ाइल खोजें',
  'attachFile.one': '{number} इस फ़ाइल के नीचे संलग्न करें',
  'attachFile.short': 'संलग्न करें',
  'attachFile.none': 'आपके पास संलग्न करने योग्य कोई अन्य फ़ाइल नहीं।',
  'attachFile.noMatch': 'कोई फ़ाइल नहीं मिली।',
  'attachFile.empty': 'कोई फ़ाइल संलग्न नहीं।',
  'attachFile.detach': '{number} अलग करें',
  'attachFile.detachShort': 'अलग करें',
  'attachFile.under': '{number} के नीचे संलग्न: यह उसी फ़ाइल के साथ चलती है।',
  'attachFile.rowUnder': '{number} के नीचे संलग्न',
  'event.fileAttached': 'फ़ाइल संलग्न की गई',
  'event.fileDetached': 'फ़ाइल अलग की गई',
  'event.attachedUnder': 'दूसरी फ़ाइल के नीचे संलग्न',
  'event.detachedFrom': 'मुख्य फ़ाइल से अलग की गई',
  'errors.attachClosed':
    'बंद फ़ाइल न किसी अन्य के नीचे संलग्न होती है, न किसी फ़ाइल को अपने नीचे लेती है; पहले उसे पुनः खोलें।',
  'errors.attachedElsewhere': 'वह फ़ाइल पहले से किसी अन्य फ़ाइल के नीचे संलग्न है; पहले उसे वहाँ से अलग करें।',
  'errors.attachCycle': 'यह फ़ाइल उसी फ़ाइल के नीचे संलग्न है: उसे इसके नीचे संलग्न करने से चक्र बन जाएगा।',
  'errors.attachNested':
    'केवल एक स्तर: जिस फ़ाइल के नीचे फ़ाइलें संलग्न हैं वह किसी अन्य के नीचे संलग्न नहीं होती, और संलग्न फ़ाइल अपने नीचे कोई फ़ाइल नहीं लेती।',
  'refusal.attachInvalid':
    'सर्वर ने दूसरी फ़ाइल के नीचे संलग्न फ़ाइल नहीं ली: दूसरी फ़ाइल ज्ञात नहीं, फ़ाइल नहीं, आपके पास नहीं, या भिन्न संख्या या विषय से बताई गई।',
} as const satisfies Record<string, Message>;
