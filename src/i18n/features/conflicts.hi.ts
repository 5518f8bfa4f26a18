import type { Message } from '../message.ts';

/** Work that did not take effect: the Conflicts region, its reminder, refused text. (Hindi; the key set.) */
export const hiConflicts = {
  'event.conflictDismissed': 'विरोधाभास ख़ारिज किया गया',
  'event.conflictResubmitted': 'लागू न हुई टिप्पणी पुनः प्रस्तुत की गई',
  'conflicts.yours': 'आपका',
  'conflicts.sentTo': 'प्रापक: {person}',
  'conflicts.remarks': 'अभ्युक्ति: {text}',
  'conflicts.resubmit': 'पुनः प्रस्तुत करें',
  'conflicts.resubmitHint': 'यह पाठ इस पत्रावली पर आपकी प्रारूप टिप्पणी में डाल देता है।',
  'conflicts.resubmitted': 'आपका पाठ अब नीचे आपकी प्रारूप टिप्पणी में है; जाँच कर भेजें।',
  'conflicts.notHolderNow':
    'यह पत्रावली अब {holder} के पास है। इसे अपने पास वापस भेजने को कहें, फिर यहाँ अपना पाठ पुनः प्रस्तुत करें; या इसे ख़ारिज करें।',
  'conflicts.redoAction':
    'यदि अब भी आवश्यक हो, तो पत्रावली के बटनों से इसे दोबारा करें, फिर यह प्रविष्टि ख़ारिज करें।',
  'conflicts.dismiss': 'ख़ारिज करें',
  'conflicts.dismissReason': 'कारण',
  'conflicts.dismissReasonHint': 'अब इसकी आवश्यकता क्यों नहीं है (पत्रावली के अभिलेख में रखा जाएगा)।',
  'conflicts.confirmDismiss': 'इस कारण से ख़ारिज करें',
  'conflicts.cancel': 'रद्द करें',
  'conflicts.reasonRequired': 'कारण लिखें ({max} अक्षरों तक)।',
  'conflicts.wasResubmitted': 'लेखक द्वारा पुनः प्रस्तुत, {date}।',
  'conflicts.wasDismissed': 'लेखक द्वारा ख़ारिज, {date}: {reason}',
  'conflicts.bannerTitle': 'आपका कार्य जो लागू नहीं हुआ',
  'conflicts.bannerText': {
    one: 'इस पत्रावली पर आपका कार्य लागू नहीं हुआ। पुनः प्रस्तुत करने या ख़ारिज करने के लिए इसे खोलें।',
    other: '{count} पत्रावलियों पर आपका कार्य लागू नहीं हुआ। पुनः प्रस्तुत करने या ख़ारिज करने के लिए हर एक खोलें।',
  },
  'conflicts.bannerRow': '{number} — {subject}',
  'refusal.textOf': '{actor} द्वारा {action}:',
} as const satisfies Record<string, Message>;
