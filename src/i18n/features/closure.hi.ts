import type { Message } from '../message.ts';

/** The approver of a file's closure (closure.ts): the Close file dialog's choice and the closed file's line. (Hindi; the key set.) */
export const hiClosure = {
  'closure.approver': 'बंद करने का अनुमोदन',
  'closure.choose': 'अनुमोदन करने वाले अधिकारी चुनें',
  'closure.approverHint':
    'जिस अधिकारी ने यह पत्रावली बंद करने का अनुमोदन किया। वे बंद पत्रावली देख सकेंगे, गोपनीय होने पर भी।',
  'closure.approverNeeded': 'बंद करने का अनुमोदन करने वाले अधिकारी चुनें।',
  'closure.onFile': '{closer} द्वारा {date} को बंद; अनुमोदन: {approver}',
  'closure.onFileNoApprover': '{closer} द्वारा {date} को बंद',
  'refusal.closureInvalid':
    'सर्वर ने पत्रावली बंद करना नहीं लिया: नामित अनुमोदक इसका अनुमोदन करने वाले अधिकारी नहीं हैं, या आप यह पत्रावली बंद नहीं कर सकते थे। किसी अधिकारी का नाम देकर फिर से बंद करें।',
} as const satisfies Record<string, Message>;
